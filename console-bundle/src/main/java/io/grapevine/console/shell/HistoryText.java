package io.grapevine.console.shell;

import io.grapevine.core.admin.HistoryEntry;
import java.util.List;

/** Renders the history for a person (the Gogo command), newest first, the current one marked. */
final class HistoryText {
    private HistoryText() {
    }

    static String render(List<HistoryEntry> history) {
        if (history.isEmpty()) {
            return "no deployment yet\n";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < history.size(); i++) {
            HistoryEntry config = history.get(i);
            out.append(config.deployment()).append(i == 0 ? "  (current)" : "").append('\n');
            if (config.modules().isEmpty()) {
                out.append("    (no modules)\n");
            }
            for (HistoryEntry.Module m : config.modules()) {
                out.append("    ").append(m.name()).append(' ').append(m.version()).append(' ')
                        .append(m.sha256(), 0, 12).append('\n');
            }
        }
        return out.toString();
    }
}
