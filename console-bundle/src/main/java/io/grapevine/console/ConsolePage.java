package io.grapevine.console;

import io.grapevine.core.admin.Event;
import io.grapevine.core.admin.HistoryEntry;
import io.grapevine.core.admin.NodeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The Grapevine tab's HTML, built from plain values so that tests need no servlet container. Every
 * value that comes from the node, its peers or the user is escaped. The cluster table is drawn here
 * and kept fresh by {@code res/grapevine.js}, which also asks to confirm a rollback.
 */
final class ConsolePage {

    /**
     * What the page shows.
     *
     * @param status this node as {@code GET /core/status} shows it
     * @param history the configurations applied, newest first
     * @param pluginRoot the tab's path, where its forms post
     * @param token the session's {@link CsrfToken}
     * @param result the outcome of the action just done, or null
     * @param maxBytes the largest jar a deploy takes
     * @param reverted recent bundle changes made outside Grapevine and reverted
     * @param deployerKeyId the id of the deployer key this node signs with, or null when it holds none
     */
    record View(NodeStatus status, List<HistoryEntry> history, String pluginRoot, String token,
            ConsoleActions.Result result, long maxBytes, List<Event> reverted, String deployerKeyId) {
    }

    private ConsolePage() {
    }

    static String render(View view) {
        StringBuilder out = new StringBuilder("<div id='grapevine'>\n");
        ConsoleActions.Result result = view.result();
        if (result != null) {
            out.append("<p id='grapevine-result' class='").append(result.ok() ? "ui-state-highlight" : "ui-state-error")
                    .append("'>").append(Html.escape(result.message())).append("</p>\n");
        }
        configuration(out, view.status());
        deploy(out, view);
        cluster(out, view.status());
        history(out, view);
        out.append("<script src='").append(Html.escape(view.pluginRoot())).append("/res/grapevine.js'></script>\n");
        return out.append("</div>\n").toString();
    }

    /** "made by NODE at ISO-8601 UTC time" of a deployment token, {@code <time>-<counter>-<node>}; empty for none. */
    static String made(String token) {
        String[] parts = String.valueOf(token).split("-", 3);
        if (parts.length != 3 || !parts[0].matches("[0-9]{1,18}") || !parts[1].matches("[0-9]{1,9}")) {
            return "";
        }
        return "made by " + parts[2] + " at " + Instant.ofEpochMilli(Long.parseLong(parts[0]));
    }

    private static void configuration(StringBuilder out, NodeStatus status) {
        out.append(heading("Current configuration")).append("<p class='statline' id='grapevine-deployment'>");
        if (status.deployment() == null) {
            out.append("No deployment yet.");
        } else {
            out.append("Deployment <b>").append(Html.escape(status.deployment())).append("</b>, ")
                    .append(Html.escape(made(status.deployment()))).append('.');
        }
        out.append(" This node: ").append(Html.escape(status.nodeId())).append(" at ")
                .append(Html.escape(status.address())).append(", up ").append(status.uptimeMs() / 1000)
                .append(" s.</p>\n<table class='nicetable' id='grapevine-modules'><thead><tr><th>Module</th>"
                        + "<th>Version</th><th>SHA-256</th><th>Changed at</th><th>State on this node</th></tr></thead>"
                        + "<tbody>\n");
        if (status.modules().isEmpty()) {
            out.append("<tr><td colspan='5'>No module deployed.</td></tr>\n");
        }
        for (NodeStatus.ModuleStatus m : status.modules()) {
            String state = m.reason() == null ? m.state() : m.state() + ": " + m.reason();
            out.append("<tr>").append(td(m.name())).append(td(m.version())).append("<td title='")
                    .append(Html.escape(m.sha256())).append("'>").append(Html.escape(m.sha256().substring(0, 12)))
                    .append("</td>").append(td(m.deployment())).append(td(state)).append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static void deploy(StringBuilder out, View view) {
        out.append(heading("Deploy")).append("<form method='post' enctype='multipart/form-data' id='grapevine-deploy'")
                .append(" action='").append(Html.escape(view.pluginRoot())).append("'>")
                .append(hidden(CsrfToken.FIELD, view.token())).append(hidden("action", "deploy"))
                .append("<input type='file' name='bundle' accept='.jar' required> ")
                .append("<button type='submit'>Deploy</button>")
                .append(" A module bundle jar of at most ").append(view.maxBytes() / 1024)
                .append(" KiB becomes a new deployment, applied here and gossiped to every node.</form>\n")
                .append(signing(view.deployerKeyId()))
                .append("<p id='grapevine-bundles-policy'>Installing or updating a bundle on the <i>Bundles</i> page"
                        + " (or with Gogo's install/update) would change this node only and make it diverge from the"
                        + " cluster, so Grapevine reverts it at once: a module or any other bundle installed there is"
                        + " uninstalled, a module bundle updated there is put back on its deployed jar. Deploy here"
                        + " instead. Every POST to the console must come from its own pages, or it is refused.</p>\n");
        if (!view.reverted().isEmpty()) {
            out.append("<ul id='grapevine-reverted'>\n");
            for (Event event : view.reverted()) {
                out.append("<li>").append(Instant.ofEpochMilli(event.timeMs())).append(' ')
                        .append(Html.escape(event.subject() + ": " + event.detail())).append("</li>\n");
            }
            out.append("</ul>\n");
        }
    }

    /** Which key signs what is deployed here; when none, that and why changes made here are refused. */
    private static String signing(String keyId) {
        String line = Signing.signedWith(keyId);
        return "<p id='grapevine-signing'" + (keyId == null ? " class='ui-state-error'>" : ">")
                + Html.escape(Character.toUpperCase(line.charAt(0)) + line.substring(1)) + ".</p>\n";
    }

    private static void cluster(StringBuilder out, NodeStatus status) {
        String mine = status.deployment();
        int on = 1;
        StringBuilder rows = new StringBuilder(row(status.address() + " (this node)", mine, "now"));
        for (NodeStatus.Hint hint : status.hints()) {
            on += mine != null && mine.equals(hint.deployment()) ? 1 : 0;
            rows.append(row(hint.address(), hint.deployment(),
                    hint.heardMsAgo() == null ? "never" : hint.heardMsAgo() / 1000 + " s ago"));
        }
        out.append(heading("Cluster")).append("<p class='statline ui-state-highlight' id='grapevine-converged'>")
                .append(on).append('/').append(status.hints().size() + 1).append(" nodes on ")
                .append(Html.escape(Objects.requireNonNullElse(mine, "(none)")))
                .append("</p>\n<table class='nicetable' id='grapevine-cluster'><thead><tr><th>Node</th>"
                        + "<th>Deployment last heard</th><th>Heard</th></tr></thead><tbody>\n")
                .append(rows).append("</tbody></table>\n");
    }

    private static String row(String node, String deployment, String heard) {
        return "<tr>" + td(node) + td(Objects.requireNonNullElse(deployment, "(none)")) + td(heard) + "</tr>\n";
    }

    private static void history(StringBuilder out, View view) {
        out.append(heading("History")).append("<table class='nicetable' id='grapevine-history'><thead><tr>"
                + "<th>Deployment</th><th>Made</th><th>Modules</th><th></th><th>Signed by (deployer key ids)</th>"
                + "</tr></thead><tbody>\n");
        if (view.history().isEmpty()) {
            out.append("<tr><td colspan='5'>No deployment yet.</td></tr>\n");
        }
        for (HistoryEntry config : view.history()) {
            String token = config.deployment();
            out.append("<tr>").append(td(token)).append(td(made(token))).append("<td>");
            for (HistoryEntry.Module m : config.modules()) {
                String module = m.name() + " " + m.version() + " " + m.sha256().substring(0, 12);
                out.append(Html.escape(module)).append("<br>");
            }
            out.append(config.modules().isEmpty() ? "(no modules)" : "").append("</td><td>");
            if (token.equals(view.status().deployment())) {
                out.append("current");
            } else {
                String question = "Roll back to " + token + "? This makes a new deployment with its modules, for the"
                        + " whole cluster.";
                out.append("<form method='post' action='").append(Html.escape(view.pluginRoot()))
                        .append("' data-confirm='").append(Html.escape(question)).append("'>")
                        .append(hidden(CsrfToken.FIELD, view.token())).append(hidden("action", "rollback"))
                        .append(hidden("to", token)).append("<button type='submit'>Roll back</button></form>");
            }
            out.append("</td>").append(td(config.signers().isEmpty() ? "(none valid under the current trust root)"
                    : String.join(", ", config.signers()))).append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static String td(String text) {
        return "<td>" + Html.escape(text) + "</td>";
    }

    private static String heading(String title) {
        return "<div class='ui-widget-header ui-corner-top' style='padding:.3em .6em;margin-top:1em'>"
                + Html.escape(title) + "</div>\n";
    }

    private static String hidden(String name, String value) {
        return "<input type='hidden' name='" + Html.escape(name) + "' value='" + Html.escape(value) + "'>";
    }
}
