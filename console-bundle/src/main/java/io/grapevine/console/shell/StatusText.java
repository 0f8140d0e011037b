package io.grapevine.console.shell;

import io.grapevine.console.ClusterView;
import io.grapevine.console.Human;
import io.grapevine.core.admin.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link NodeStatus} for a person (the Gogo command): the node, its modules, then the cluster
 * as the tab shows it ({@link ClusterView}): {@code n/N nodes on <deployment>}, N being the cluster's
 * size, and one line per node of the roster, this node first and the nodes that left last, with the
 * deployment it was last heard on, its state and when it was last heard.
 */
final class StatusText {
    private StatusText() {
    }

    static String render(NodeStatus status) {
        StringBuilder out = new StringBuilder();
        line(out, "node", status.nodeId());
        line(out, "address", status.address());
        line(out, "uptime", Human.duration(status.uptimeMs()));
        line(out, "deployment", status.deployment() == null ? "(none)" : status.deployment());
        line(out, "rendezvous", status.rendezvous().isEmpty() ? "(none)" : String.join(", ", status.rendezvous()));
        if (status.core() != null) {
            line(out, "core", status.core());
        }
        if (status.modules().isEmpty()) {
            line(out, "modules", "(none)");
        }
        for (NodeStatus.ModuleStatus m : status.modules()) {
            line(out, "module", m.name() + " " + m.version() + " " + m.sha256().substring(0, 12) + " "
                    + m.state() + (m.reason() == null ? "" : " (" + m.reason() + ")")
                    + ("lost".equals(m.stateHandover()) ? " (state hand-over lost: " + m.handoverReason() + ")" : ""));
        }
        ClusterView cluster = ClusterView.of(status);
        line(out, "cluster", cluster.summary() + " (" + cluster.breakdown() + ")");
        List<ClusterView.Row> rows = new ArrayList<>(cluster.members());
        rows.addAll(cluster.left());
        List<String[]> cells = rows.stream().map(row -> new String[] {
            row.address() + (row.self() ? " (this node)" : ""), row.deployment() == null ? "-" : row.deployment(),
            row.standing() == ClusterView.Standing.LEFT ? "left, not counted" : row.state(),
            "heard " + Human.ago(row.heardMsAgo())}).toList();
        for (String member : aligned(cells)) {
            line(out, "member", member);
        }
        return out.toString();
    }

    /** Each row's cells in columns as wide as their widest cell, two spaces apart. */
    private static List<String> aligned(List<String[]> rows) {
        int[] widths = new int[4];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        return rows.stream().map(row -> {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                text.append(row[i]).append(i == row.length - 1 ? "" : " ".repeat(widths[i] - row[i].length() + 2));
            }
            return text.toString();
        }).toList();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format(Locale.ROOT, "%-11s %s%n", key, value));
    }
}
