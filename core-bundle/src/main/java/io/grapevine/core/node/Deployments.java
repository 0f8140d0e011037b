package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.HybridClock;
import io.grapevine.core.config.ModuleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This node's side of its deployments: the history of configurations it adopted (only ever a newer
 * one), how an operator's change is numbered, which configuration the framework runs and which it
 * is to run next (one apply at a time, the newest), the jars it keeps, and the operators' commands
 * waiting for their deployment to be applied.
 */
final class Deployments {
    private final HybridClock clock;
    private final Limits limits;
    private final CoreImage core;
    private final Outbox out;
    private final List<Configuration> history;
    private final Set<String> held;
    /** Jars of proposals made here, kept until the proposal expires. */
    private final Map<String, Long> pinned = new HashMap<>();
    /** Operators' commands, answered once their deployment (or a later one) is applied. */
    private final Map<Long, DeploymentNumber> waiting = new LinkedHashMap<>();
    private Configuration applied = Configuration.EMPTY;
    private Configuration applying;
    /** A jar of the running configuration was lost from the store and is back: apply it again. */
    private boolean reapply;

    Deployments(String nodeId, Limits limits, CoreImage core, List<Configuration> history, Set<String> held,
            Outbox out) {
        this.clock = new HybridClock(nodeId);
        this.limits = limits;
        this.core = core;
        this.out = out;
        this.history = new ArrayList<>(history);
        this.held = new HashSet<>(held);
        this.history.forEach(config -> clock.observe(config.deployment()));
    }

    /** The newest configuration adopted: gossiped, and applied or being applied. */
    Configuration current() {
        return history.isEmpty() ? Configuration.EMPTY : history.get(0);
    }

    Configuration applied() {
        return applied;
    }

    List<Configuration> history() {
        return List.copyOf(history);
    }

    /** The jars in the store, as this node knows it. */
    Set<String> held() {
        return held;
    }

    boolean holds(String sha) {
        return held.contains(sha);
    }

    void stored(String sha) {
        held.add(sha);
    }

    void lost(String sha) {
        held.remove(sha);
    }

    /** The first input: runs the stored deployment again. */
    void restore(long now, Set<String> wanted) {
        if (current().deployment() != null) {
            out.log("deployment-restored", current().deployment().toString(), "from the local store");
            run(current());
        }
        discardUnwanted(now, wanted);
    }

    /** A deployment of the jar a module runs already: answered 200 with the current configuration. */
    boolean unchanged(long request, Change change) {
        if (change instanceof Change.Deploy deploy && deploy.runsIn(current())) {
            out.answer(request, 200, current(), "module " + deploy.jar().name() + " " + deploy.jar().version()
                    + " runs this very jar already: nothing to deploy");
            return true;
        }
        return false;
    }

    /** The configuration {@code change} makes now, unsigned, or null when it is refused (answered). */
    Configuration successor(long now, long request, Change change, long trustVersion) {
        String whyNot = change.whyNot(current(), history);
        if (whyNot != null) {
            out.answer(request, 404, null, whyNot);
            return null;
        }
        DeploymentNumber number = clock.next(now);
        if (number == null) {
            out.answer(request, 409, null, "deployment numbers are exhausted at " + current().deployment());
            return null;
        }
        if (change instanceof Change.Deploy deploy) {
            held.add(deploy.jar().sha256());
        }
        return change.appliedTo(current(), history, number).terms(trustVersion, now + limits.validityMs());
    }

    /** A proposal made here: its jars stay in the store until it expires. */
    void pin(Configuration proposal) {
        proposal.modules().forEach(m -> pinned.merge(m.sha256(), proposal.expires(), Math::max));
    }

    /** Command {@code request} is answered once {@code number} (or a later deployment) is applied. */
    void await(long request, DeploymentNumber number) {
        waiting.put(request, number);
    }

    /** The one place a configuration becomes this node's: only if it is newer. Returns whether it did. */
    boolean adopt(Configuration config, String source) {
        if (!config.deployment().isAfter(current().deployment())) {
            return false;
        }
        clock.observe(config.deployment());
        history.add(0, config);
        while (history.size() > limits.historyLimit()) {
            history.remove(history.size() - 1);
        }
        out.add(new Action.Persist(List.copyOf(history)));
        out.log("deployment-adopted", config.deployment().toString(), config.modules().size() + " modules"
                + (source == null ? ", made here" : ", from " + source));
        return true;
    }

    /** Runs {@code config} adopted: on another core if it names one, else by the next apply. */
    void run(Configuration config) {
        if (!switchCore(config)) {
            applyNextIfIdle();
        }
    }

    /** The running configuration's lost jars are back: it is applied again. */
    void reapply() {
        reapply = true;
        applyNextIfIdle();
    }

    /** The framework now runs {@code config}; {@code wanted}: jars a catch-up still wants. */
    void applied(long now, Configuration config, Set<String> wanted) {
        applying = null;
        applied = config;
        out.log("deployment-applied", config.deployment().toString(), "");
        waiting.entrySet().removeIf(command -> {
            boolean done = !command.getValue().isAfter(config.deployment());
            if (done) {
                Configuration made = history.stream().filter(c -> command.getValue().equals(c.deployment()))
                        .findFirst().orElse(config);
                out.answer(command.getKey(), 201, made, null);
            }
            return done;
        });
        applyNextIfIdle();
        discardUnwanted(now, wanted);
    }

    /**
     * Restarts the node on the core {@code config} names, if its launcher runs another and has not
     * found it bad: the operator's command is answered first, since the node stops for it.
     */
    private boolean switchCore(Configuration config) {
        ModuleEntry wanted = config.module(ModuleEntry.CORE).orElse(null);
        if (!core.switches(wanted)) {
            return false;
        }
        waiting.entrySet().removeIf(command -> {
            out.answer(command.getKey(), 201, config, "the node restarts on core " + wanted.version());
            return true;
        });
        out.add(new Action.SwitchCore(wanted));
        return true;
    }

    private void applyNextIfIdle() {
        if (applying == null && (reapply || !current().equals(applied))) {
            reapply = false;
            applying = current();
            out.add(new Action.Apply(applying));
        }
    }

    /** Jars no configuration in the history names, a catch-up does not want and no proposal pins. */
    private void discardUnwanted(long now, Set<String> wanted) {
        pinned.values().removeIf(until -> until < now);
        Set<String> unwanted = new HashSet<>(held);
        history.forEach(config -> config.modules().forEach(m -> unwanted.remove(m.sha256())));
        unwanted.removeAll(wanted);
        unwanted.removeAll(pinned.keySet());
        if (applying != null) {
            applying.modules().forEach(m -> unwanted.remove(m.sha256()));
        }
        if (!unwanted.isEmpty()) {
            held.removeAll(unwanted);
            out.add(new Action.Discard(Set.copyOf(unwanted)));
        }
    }
}
