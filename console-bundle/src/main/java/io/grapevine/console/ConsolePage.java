package io.grapevine.console;

import io.grapevine.core.admin.Event;
import io.grapevine.core.admin.HistoryEntry;
import io.grapevine.core.admin.NodeStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Grapevine tab's HTML, built from plain values so that tests need no servlet container. Every
 * value that comes from the node, its peers or the user is escaped. Times and sizes are in human units
 * ({@link Human}). The cluster section ({@link ClusterTable}) is drawn here and kept fresh by
 * {@code res/grapevine.js}, which also asks to confirm a rollback; {@code res/grapevine.css} (linked
 * from the console's head, see {@link GrapevineConsolePlugin}) styles the tab.
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
            out.append(outcome(result));
        }
        configuration(out, view.status(), sizes(view.history()));
        deploy(out, view);
        ClusterTable.render(out, ClusterView.of(view.status()));
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

    /**
     * The outcome of the action just done, in a box that stands out as much for a success (green,
     * "Done") as for a refusal (red, "Error"); the word is there for those who do not tell the colours
     * apart, and a screen reader announces the box ({@code role=status}, or {@code alert} for an error).
     */
    static String outcome(ConsoleActions.Result result) {
        boolean ok = result.ok();
        return "<div id='grapevine-outcome' class='grapevine-outcome grapevine-outcome-" + (ok ? "ok" : "error")
                + "' role='" + (ok ? "status" : "alert") + "'><span class='grapevine-outcome-word'>"
                + (ok ? "<span aria-hidden='true'>&#10004; </span>Done" : "<span aria-hidden='true'>&#10006; </span>Error")
                + "</span><p id='grapevine-result' class='" + (ok ? "ui-state-highlight" : "ui-state-error") + "'>"
                + Html.escape(result.message()) + "</p></div>\n";
    }

    /** The size of each module jar of the history, by SHA-256 (the status does not carry sizes). */
    private static Map<String, Long> sizes(List<HistoryEntry> history) {
        Map<String, Long> sizes = new HashMap<>();
        history.forEach(config -> config.modules().forEach(m -> sizes.put(m.sha256(), m.size())));
        return sizes;
    }

    private static void configuration(StringBuilder out, NodeStatus status, Map<String, Long> sizes) {
        out.append(heading("Current configuration")).append("<p class='statline' id='grapevine-deployment'>");
        if (status.deployment() == null) {
            out.append("No deployment yet.");
        } else {
            out.append("Deployment <b>").append(Html.escape(status.deployment())).append("</b>, ")
                    .append(Html.escape(made(status.deployment()))).append('.');
        }
        out.append(" This node: ").append(Html.escape(status.nodeId())).append(" at ")
                .append(Html.escape(status.address())).append(", up <span id='grapevine-uptime'>")
                .append(Human.duration(status.uptimeMs())).append("</span>.</p>\n");
        core(out, status.core());
        out.append("<table class='nicetable' id='grapevine-modules'><thead><tr><th>Module</th>"
                        + "<th>Version</th><th>Size</th><th>SHA-256</th><th>Changed at</th><th>State on this node</th>"
                        + "</tr></thead><tbody>\n");
        if (status.modules().isEmpty()) {
            out.append("<tr><td colspan='6'>No module deployed.</td></tr>\n");
        }
        for (NodeStatus.ModuleStatus m : status.modules()) {
            Long size = sizes.get(m.sha256());
            out.append("<tr>").append(td(m.name())).append(td(m.version()))
                    .append(td(size == null ? "-" : Human.size(size))).append("<td title='")
                    .append(Html.escape(m.sha256())).append("'>").append(Html.escape(shortHash(m.sha256())))
                    .append("</td>").append(td(m.deployment())).append(state(m)).append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    /**
     * What the launcher says of the core this node runs ({@code good}, {@code probation} or
     * {@code reverted <sha> <reason>}); a revert in warning style, since the operator should roll back.
     */
    private static void core(StringBuilder out, String core) {
        if (core == null) {
            return;
        }
        boolean reverted = core.startsWith("reverted ");
        out.append("<p class='statline' id='grapevine-core'>Core: <span").append(reverted
                ? " class='grapevine-warning' title='a new core failed its probation here and was reverted: roll back"
                        + " to the deployment before it'" : "").append(">").append(Html.escape(core)).append("</span></p>\n");
    }

    /**
     * The module's state on this node; when the state it should have been handed (by its previous
     * version, or its previous run) was lost, that and why, in warning style: the module started afresh.
     */
    private static String state(NodeStatus.ModuleStatus m) {
        String state = m.reason() == null ? m.state() : m.state() + ": " + m.reason();
        if (!"lost".equals(m.stateHandover())) {
            return td(state);
        }
        String lost = "lost: " + Objects.requireNonNullElse(m.handoverReason(), "no reason given");
        return "<td>" + Html.escape(state) + " <span class='grapevine-warning' title='the state handed over to this"
                + " module was lost: it started afresh'>state hand-over " + Html.escape(lost) + "</span></td>";
    }

    private static void deploy(StringBuilder out, View view) {
        out.append(heading("Deploy")).append("<form method='post' enctype='multipart/form-data' id='grapevine-deploy'")
                .append(" action='").append(Html.escape(view.pluginRoot())).append("'>")
                .append(hidden(CsrfToken.FIELD, view.token())).append(hidden("action", "deploy"))
                .append("<input type='file' name='bundle' accept='.jar' required> ")
                .append("<button type='submit'>Deploy</button>")
                .append(" A module bundle jar of at most <span title='").append(view.maxBytes()).append(" bytes'>")
                .append(Human.size(view.maxBytes())).append("</span> becomes a new deployment, applied here and gossiped to every node.</form>\n")
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
                String module = m.name() + " " + m.version() + " " + shortHash(m.sha256()) + " (" + Human.size(m.size())
                        + ")";
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

    /** The first 12 hex digits, as everywhere the console shows a SHA-256. */
    static String shortHash(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }

    static String td(String text) {
        return "<td>" + Html.escape(text) + "</td>";
    }

    static String heading(String title) {
        return "<div class='ui-widget-header ui-corner-top' style='padding:.3em .6em;margin-top:1em'>"
                + Html.escape(title) + "</div>\n";
    }

    private static String hidden(String name, String value) {
        return "<input type='hidden' name='" + Html.escape(name) + "' value='" + Html.escape(value) + "'>";
    }
}
