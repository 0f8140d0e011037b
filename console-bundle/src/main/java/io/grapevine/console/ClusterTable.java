package io.grapevine.console;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The tab's Cluster section, from a {@link ClusterView}: the rollout bar (the share of the cluster on
 * this node's deployment in green, behind it in amber, down in red), its line {@code n/N nodes on
 * <deployment>} and a key naming each part with its count; then one row per node of the roster (this
 * node first) with the deployment it was last heard on, its state and when it was last heard; and,
 * collapsed, the nodes that left. {@code res/grapevine.js} redraws the same elements, by their ids,
 * from {@code /core/status}.
 */
final class ClusterTable {
    private static final List<ClusterView.Standing> PARTS = List.of(ClusterView.Standing.ON,
            ClusterView.Standing.BEHIND, ClusterView.Standing.DOWN);

    private ClusterTable() {
    }

    static void render(StringBuilder out, ClusterView view) {
        out.append(ConsolePage.heading("Cluster")).append("<div id='grapevine-rollout' class='grapevine-bar'"
                + " aria-hidden='true'>");
        for (ClusterView.Standing part : PARTS) {
            out.append("<span id='grapevine-bar-").append(part.css()).append("' class='grapevine-bar-")
                    .append(part.css()).append("' style='width:").append(width(view, part)).append("'></span>");
        }
        out.append("</div>\n<p class='statline' id='grapevine-converged'>").append(Html.escape(view.summary()))
                .append("</p>\n<p id='grapevine-rollout-key'>");
        for (ClusterView.Standing part : PARTS) {
            out.append("<span class='grapevine-key grapevine-key-").append(part.css()).append("'></span> <span id='")
                    .append("grapevine-count-").append(part.css()).append("'>").append(count(view, part))
                    .append("</span> ").append(name(part)).append(' ');
        }
        out.append("(of ").append("<span id='grapevine-size'>").append(view.size())
                .append("</span> nodes; a node on a later deployment counts as on it)</p>\n")
                .append("<table class='nicetable' id='grapevine-cluster'>").append(head()).append("<tbody>\n");
        view.members().forEach(row -> out.append(row(row)));
        out.append("</tbody></table>\n<details id='grapevine-left'").append(view.left().isEmpty() ? " hidden" : "")
                .append("><summary id='grapevine-left-summary'>").append(leftSummary(view.left().size()))
                .append("</summary><table class='nicetable grapevine-left' id='grapevine-left-nodes'>").append(head())
                .append("<tbody>\n");
        view.left().forEach(row -> out.append(row(row)));
        out.append("</tbody></table></details>\n");
    }

    /** {@code 1 node left the cluster (not counted)}. */
    static String leftSummary(int left) {
        return left + (left == 1 ? " node" : " nodes") + " left the cluster (not counted)";
    }

    /** {@code on it}, {@code behind}, {@code down}: how the key names a part of the bar. */
    static String name(ClusterView.Standing part) {
        return part == ClusterView.Standing.ON ? "on it" : part.css();
    }

    private static String head() {
        return "<thead><tr><th>Node</th><th>Deployment last heard</th><th>State</th><th>Heard</th></tr></thead>";
    }

    private static String row(ClusterView.Row row) {
        return "<tr class='grapevine-" + row.standing().css() + "'>"
                + ConsolePage.td(row.address() + (row.self() ? " (this node)" : ""))
                + ConsolePage.td(Objects.requireNonNullElse(row.deployment(), "(none)"))
                + "<td class='grapevine-state-" + Html.escape(row.state()) + "'>" + Html.escape(row.state())
                + (row.coreReverted() == null ? "" : "; <span class='grapevine-warning grapevine-core-reverted'>core "
                        + Html.escape(row.coreReverted()) + "</span>") + "</td>"
                + ConsolePage.td(Human.ago(row.heardMsAgo())) + "</tr>\n";
    }

    private static int count(ClusterView view, ClusterView.Standing part) {
        return switch (part) {
            case ON -> view.on();
            case BEHIND -> view.behind();
            case DOWN -> view.down();
            case LEFT -> view.left().size();
        };
    }

    private static String width(ClusterView view, ClusterView.Standing part) {
        return String.format(Locale.ROOT, "%.1f%%", view.percent(count(view, part)));
    }
}
