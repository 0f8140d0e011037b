package io.grapevine.core;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.ModuleEntry;
import java.util.List;

/** Renders the history for a person (the Gogo command), newest first, the current one marked. */
public final class HistoryText {
    private HistoryText() {
    }

    public static String render(List<Configuration> history) {
        if (history.isEmpty()) {
            return "no deployment yet\n";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < history.size(); i++) {
            Configuration config = history.get(i);
            out.append(config.deployment()).append(i == 0 ? "  (current)" : "").append('\n');
            if (config.modules().isEmpty()) {
                out.append("    (no modules)\n");
            }
            for (ModuleEntry m : config.modules()) {
                out.append("    ").append(m.name()).append(' ').append(m.version()).append(' ')
                        .append(m.sha256(), 0, 12).append('\n');
            }
        }
        return out.toString();
    }
}
