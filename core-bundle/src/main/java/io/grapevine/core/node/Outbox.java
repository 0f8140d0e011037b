package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import java.util.ArrayList;
import java.util.List;

/** The actions one input to the {@link Node} has decided so far, in order, for the driver to carry out. */
final class Outbox {
    private final List<Action> actions = new ArrayList<>();

    void add(Action action) {
        actions.add(action);
    }

    void log(String type, String subject, String detail) {
        actions.add(new Action.Log(type, subject, detail));
    }

    /** An operator's command is answered: {@code config} on success, else {@code reason}. */
    void answer(long request, int status, Configuration config, String reason) {
        actions.add(new Action.Answer(request, status, config, reason));
    }

    /** The actions so far, which are then forgotten. */
    List<Action> drain() {
        List<Action> drained = List.copyOf(actions);
        actions.clear();
        return drained;
    }
}
