package io.grapevine.console.shell;

import io.grapevine.core.admin.NodeStatus;
import java.util.Locale;

/** Renders a {@link NodeStatus} for a person (the Gogo command). */
final class StatusText {
    private StatusText() {
    }

    static String render(NodeStatus status) {
        StringBuilder out = new StringBuilder();
        line(out, "node", status.nodeId());
        line(out, "address", status.address());
        line(out, "uptime", String.format(Locale.ROOT, "%.1f s", status.uptimeMs() / 1000.0));
        line(out, "deployment", status.deployment() == null ? "(none)" : status.deployment());
        line(out, "rendezvous", status.rendezvous().isEmpty() ? "(none)" : String.join(", ", status.rendezvous()));
        if (status.modules().isEmpty()) {
            line(out, "modules", "(none)");
        }
        for (NodeStatus.ModuleStatus m : status.modules()) {
            line(out, "module", m.name() + " " + m.version() + " " + m.sha256().substring(0, 12) + " "
                    + m.state() + (m.reason() == null ? "" : " (" + m.reason() + ")"));
        }
        for (NodeStatus.Hint hint : status.hints()) {
            line(out, "peer", hint.address() + " " + (hint.deployment() == null ? "-" : hint.deployment())
                    + (hint.heardMsAgo() == null ? "" : " (" + hint.heardMsAgo() / 1000 + " s ago)"));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format(Locale.ROOT, "%-11s %s%n", key, value));
    }
}
