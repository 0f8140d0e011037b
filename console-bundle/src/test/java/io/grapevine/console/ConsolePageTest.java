package io.grapevine.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.admin.Event;
import io.grapevine.core.admin.HistoryEntry;
import io.grapevine.core.admin.NodeStatus;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

public class ConsolePageTest {
    private static final String EVIL = "<img src=x onerror=alert(1)>'\"&";
    private static final String EVIL_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;&#39;&quot;&amp;";
    private static final String SHA1 = "a8a7ce2af9d534c943add3916c6dc92e92510f2372a869e57531d4ad1556c9ca";
    private static final String SHA2 = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";
    private static final String D1 = "1795276375499-0-node.0";
    private static final String D2 = "1795276465670-0-node.1";
    private static final String TOKEN = "tok3n_-";

    private static HistoryEntry config(String number, String sha, String version) {
        return new HistoryEntry(number, List.of(new HistoryEntry.Module("io.grapevine.example.counter", version, sha,
                1234, number)), List.of());
    }

    private static NodeStatus status(String deployment, List<NodeStatus.ModuleStatus> modules, List<NodeStatus.Hint> hints) {
        return new NodeStatus("node.0", "127.0.0.1:8080", 42_000, deployment, modules, List.of(), hints);
    }

    private static String page(NodeStatus status, ConsoleActions.Result result, List<Event> reverted) {
        return ConsolePage.render(new ConsolePage.View(status, List.of(config(D2, SHA2, "2.0.0"), config(D1, SHA1, "1.0.0")),
                "/system/console/grapevine", TOKEN, result, 64 << 20, reverted, "k.node0"));
    }

    @Test
    public void aDeploymentSaysWhoMadeItAndWhenInUtc() {
        assertEquals("made by node.0 at 2026-11-21T15:52:55.499Z", ConsolePage.made(D1.toString()));
        assertEquals("", ConsolePage.made("garbage"));
    }

    @Test
    public void theCurrentConfigurationShowsEachModuleWithItsStateOnThisNode() {
        String html = page(status(D2.toString(), List.of(new NodeStatus.ModuleStatus("io.grapevine.example.counter",
                "2.0.0", SHA2, D2.toString(), "failed", "start threw: boom")), List.of()), null, List.of());

        assertTrue(html, html.contains("Deployment <b>" + D2 + "</b>, made by node.1 at 2026-11-21T15:54:25.670Z."));
        assertTrue(html, html.contains("<td>io.grapevine.example.counter</td><td>2.0.0</td><td>1.2 KiB</td><td title='"
                + SHA2 + "'>" + SHA2.substring(0, 12) + "</td><td>" + D2 + "</td><td>failed: start threw: boom</td>"));
    }

    @Test
    public void theCoreLineShowsARevertAsAWarningEscaped() {
        NodeStatus reverted = new NodeStatus("node.0", "127.0.0.1:8080", 1, D2, List.of(), List.of(), List.of(), 1,
                List.of(), "reverted 3f2a1b4c5d6e no answer to /core/status within 60 s " + EVIL);
        String html = page(reverted, null, List.of());
        assertTrue(html, html.contains("<p class='statline' id='grapevine-core'>Core: <span class='grapevine-warning'"));
        assertTrue(html, html.contains(">reverted 3f2a1b4c5d6e no answer to /core/status within 60 s " + EVIL_ESCAPED
                + "</span></p>"));

        NodeStatus good = new NodeStatus("node.0", "127.0.0.1:8080", 1, D2, List.of(), List.of(), List.of(), 1,
                List.of(), "good 3f2a1b4c5d6e 0.2.0");
        assertTrue(page(good, null, List.of()).contains("id='grapevine-core'>Core: <span>good 3f2a1b4c5d6e 0.2.0</span>"));
        assertFalse("no line where no launcher says", page(status(D2, List.of(), List.of()), null, List.of())
                .contains("grapevine-core"));
    }

    @Test
    public void everyOlderHistoryEntryHasARollbackFormThatAsksFirstAndCarriesTheToken() {
        String html = page(status(D2.toString(), List.of(), List.of()), null, List.of());

        List<String> forms = all(html, "<form method='post'[^>]*>(.*?)</form>");
        assertEquals("the deploy form and one rollback form (not for the current one)", 2, forms.size());
        for (String form : forms) {
            assertTrue(form, form.contains("<input type='hidden' name='csrf' value='" + TOKEN + "'>"));
        }
        assertTrue(html, html.contains("<form method='post' action='/system/console/grapevine' data-confirm='Roll back to "
                + D1 + "? This makes a new deployment with its modules, for the whole cluster.'>"));
        assertTrue(html, html.contains("<input type='hidden' name='to' value='" + D1 + "'>"));
        assertFalse(html, html.contains("name='to' value='" + D2 + "'"));
        assertTrue(html, html.contains("<td>" + D2 + "</td><td>made by node.1 at 2026-11-21T15:54:25.670Z</td>"
                + "<td>io.grapevine.example.counter 2.0.0 " + SHA2.substring(0, 12) + " (1.2 KiB)<br></td><td>current</td>"));
        assertTrue(html, html.contains("enctype='multipart/form-data'") && html.contains("<input type='file' name='bundle'"));
    }

    @Test
    public void theClusterTableHasOneRowPerNodeOfTheRosterThisNodeFirstWithStateAndWhenHeard() {
        String html = page(roster(D2, member("127.0.0.1:8080", D2, "alive", 0),
                member("127.0.0.1:8083", null, "alive", 300), member("127.0.0.1:8081", D2, "suspect", 75_000),
                member("127.0.0.1:8082", D1, "alive", 12_400)), null, List.of());

        List<String> rows = all(table(html, "grapevine-cluster"), "(<tr class=.*?</tr>)");
        assertEquals(List.of(
                "<tr class='grapevine-on'><td>127.0.0.1:8080 (this node)</td><td>" + D2 + "</td>"
                        + "<td class='grapevine-state-alive'>alive</td><td>now</td></tr>",
                "<tr class='grapevine-on'><td>127.0.0.1:8081</td><td>" + D2 + "</td>"
                        + "<td class='grapevine-state-suspect'>suspect</td><td>1 min ago</td></tr>",
                "<tr class='grapevine-behind'><td>127.0.0.1:8082</td><td>" + D1 + "</td>"
                        + "<td class='grapevine-state-alive'>alive</td><td>12 s ago</td></tr>",
                "<tr class='grapevine-behind'><td>127.0.0.1:8083</td><td>(none)</td>"
                        + "<td class='grapevine-state-alive'>alive</td><td>now</td></tr>"), rows);
        assertTrue(html, html.contains("<th>Node</th><th>Deployment last heard</th><th>State</th><th>Heard</th>"));
        assertFalse("the hints are not the cluster", html.contains("127.0.0.1:9999"));
    }

    @Test
    public void theRolloutBarDrawsOnBehindAndDownPartsOfTheClusterAndNamesThem() {
        String html = page(roster(D2, member("127.0.0.1:8080", D2, "alive", 0), member("127.0.0.1:8081", D2, "alive", 900),
                member("127.0.0.1:8082", D1, "alive", 2_000), member("127.0.0.1:8084", D2, "down", 400_000),
                member("127.0.0.1:8083", D1, "left", 3_600_000)), null, List.of());

        assertTrue(html, html.contains("<div id='grapevine-rollout' class='grapevine-bar' aria-hidden='true'>"
                + "<span id='grapevine-bar-on' class='grapevine-bar-on' style='width:50.0%'></span>"
                + "<span id='grapevine-bar-behind' class='grapevine-bar-behind' style='width:25.0%'></span>"
                + "<span id='grapevine-bar-down' class='grapevine-bar-down' style='width:25.0%'></span></div>"));
        assertTrue(html, html.contains("<p class='statline' id='grapevine-converged'>2/4 nodes on " + D2 + "</p>"));
        String key = between(html, "<p id='grapevine-rollout-key'>", "</p>").replaceAll("<[^>]*>", "");
        assertEquals(" 2 on it  1 behind  1 down (of 4 nodes; a node on a later deployment counts as on it)", key);
        assertTrue("a down node is red in the table too", html.contains("<tr class='grapevine-down'><td>127.0.0.1:8084"
                + "</td><td>" + D2 + "</td><td class='grapevine-state-down'>down</td><td>6 min ago</td></tr>"));
    }

    @Test
    public void aNodeThatLeftIsListedGreyedInACollapsedListAndNotCounted() {
        String html = page(roster(D2, member("127.0.0.1:8080", D2, "alive", 0),
                member("127.0.0.1:8083", D2, "left", 7_500_000)), null, List.of());

        assertTrue(html, html.contains(">1/1 nodes on " + D2 + "</p>"));
        assertFalse(html, table(html, "grapevine-cluster").contains("8083"));
        assertTrue(html, html.contains("<details id='grapevine-left'><summary id='grapevine-left-summary'>1 node left"
                + " the cluster (not counted)</summary><table class='nicetable grapevine-left' id='grapevine-left-nodes'>"));
        assertTrue(html, table(html, "grapevine-left-nodes").contains("<tr class='grapevine-left'><td>127.0.0.1:8083</td>"
                + "<td>" + D2 + "</td><td class='grapevine-state-left'>left</td><td>2 h 5 min ago</td></tr>"));

        String none = page(roster(D2, member("127.0.0.1:8080", D2, "alive", 0)), null, List.of());
        assertTrue("the list is there for the script, hidden", none.contains("<details id='grapevine-left' hidden>"));
    }

    @Test
    public void aStatusWithoutARosterShowsThisNodeAlone() {
        String html = page(status(D2, List.of(), List.of(new NodeStatus.Hint("127.0.0.1:8081", D2, 1500L))), null,
                List.of());

        assertTrue(html, html.contains(">1/1 nodes on " + D2 + "</p>"));
        assertEquals(1, all(table(html, "grapevine-cluster"), "(<tr class=)").size());
    }

    @Test
    public void uptimeAndTheDeployLimitAreInHumanUnits() {
        NodeStatus status = new NodeStatus("node.0", "127.0.0.1:8080", 7_530_000, null, List.of(), List.of(), List.of());
        String html = page(status, null, List.of());

        assertTrue(html, html.contains(", up <span id='grapevine-uptime'>2 h 5 min</span>.</p>"));
        assertTrue(html, html.contains("A module bundle jar of at most <span title='67108864 bytes'>64 MiB</span> becomes"));
    }

    @Test
    public void aModuleWhoseHandedOverStateWasLostSaysSoAndWhyInWarningStyle() {
        NodeStatus.ModuleStatus lost = new NodeStatus.ModuleStatus("io.grapevine.example.counter", "2.0.0", SHA2, D2,
                "running", null, "lost", "transferState threw: boom");
        NodeStatus.ModuleStatus kept = new NodeStatus.ModuleStatus("io.grapevine.example.other", "1.0.0", SHA1, D1,
                "running", null, "kept", null);
        String html = page(status(D2, List.of(lost, kept), List.of()), null, List.of());

        assertTrue(html, html.contains("<td>" + D2 + "</td><td>running <span class='grapevine-warning' title='the state"
                + " handed over to this module was lost: it started afresh'>state hand-over lost: transferState threw:"
                + " boom</span></td></tr>"));
        assertTrue("a kept state is ordinary", html.contains("<td>" + D1 + "</td><td>running</td></tr>"));
    }

    @Test
    public void aSuccessStandsOutAsMuchAsAnErrorBothInABoxWithAWord() {
        String ok = page(status(D2, List.of(), List.of()), new ConsoleActions.Result(true, "Deployed x 2.0.0"), List.of());
        String error = page(status(D2, List.of(), List.of()), new ConsoleActions.Result(false, "Deploy refused: no"),
                List.of());

        assertTrue(ok, ok.contains("<div id='grapevine-outcome' class='grapevine-outcome grapevine-outcome-ok'"
                + " role='status'><span class='grapevine-outcome-word'><span aria-hidden='true'>&#10004; </span>Done"
                + "</span><p id='grapevine-result' class='ui-state-highlight'>Deployed x 2.0.0</p></div>"));
        assertTrue(error, error.contains("<div id='grapevine-outcome' class='grapevine-outcome grapevine-outcome-error'"
                + " role='alert'><span class='grapevine-outcome-word'><span aria-hidden='true'>&#10006; </span>Error"
                + "</span><p id='grapevine-result' class='ui-state-error'>Deploy refused: no</p></div>"));
    }

    @Test
    public void theConsoleLinksTheTabsStylesheetWhichTheBundleCarries() throws Exception {
        String descriptor;
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("OSGI-INF/"
                + GrapevineConsolePlugin.class.getName() + ".xml")) {
            descriptor = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(descriptor, descriptor.contains("name=\"felix.webconsole.css\" type=\"String\""
                + " value=\"/grapevine/res/grapevine.css\""));
        assertTrue(getClass().getResource("/res/grapevine.css") != null);
    }

    @Test
    public void everyValueFromTheNodeItsPeersOrTheUserIsEscaped() {
        NodeStatus hostile = new NodeStatus(EVIL, EVIL, 1, EVIL, List.of(new NodeStatus.ModuleStatus(EVIL, EVIL, SHA1, EVIL,
                EVIL, EVIL, "lost", EVIL)), List.of(), List.of(new NodeStatus.Hint(EVIL, EVIL, 1L)), 2,
                List.of(member(EVIL, EVIL, "alive", 0), member(EVIL, EVIL, "suspect", 1), member(EVIL, EVIL, "left", 1)));
        String html = ConsolePage.render(new ConsolePage.View(hostile, List.of(config(D1, SHA1, "1.0.0")), EVIL, EVIL,
                new ConsoleActions.Result(false, "Deploy refused: " + EVIL), 1024,
                List.of(new Event(1, 0, Event.OUTSIDE_CHANGE_REVERTED, EVIL, EVIL)), EVIL));

        assertFalse(html, html.contains("<img"));
        assertFalse(html, html.contains(EVIL));
        assertEquals("only the page's own script", 1, all(html, "<script").size());
        assertTrue(html, html.contains("<p id='grapevine-result' class='ui-state-error'>Deploy refused: " + EVIL_ESCAPED + "</p>"));
        assertTrue(html, html.contains("<li>1970-01-01T00:00:00Z " + EVIL_ESCAPED + ": " + EVIL_ESCAPED + "</li>"));
        assertTrue(html, html.contains("value='" + EVIL_ESCAPED + "'"));
    }

    @Test
    public void theBundlesPagePolicyIsOnThePage() {
        String html = page(status(null, List.of(), List.of()), null, List.of());
        assertTrue(html, html.contains("id='grapevine-bundles-policy'") && html.contains("reverts it at once"));
        assertTrue(html, html.contains("No deployment yet."));
    }

    @Test
    public void eachHistoryEntrySaysWhichDeployerKeysSignedIt() {
        HistoryEntry twice = new HistoryEntry(D2, List.of(), List.of("k.alice", "k.bob"));
        HistoryEntry none = new HistoryEntry(D1, List.of(), List.of());
        String html = ConsolePage.render(new ConsolePage.View(status(D2, List.of(), List.of()), List.of(twice, none),
                "/system/console/grapevine", TOKEN, null, 1024, List.of(), "k.alice"));

        assertTrue(html, html.contains("<th>Signed by (deployer key ids)</th>"));
        assertTrue(html, html.contains("<td>current</td><td>k.alice, k.bob</td></tr>"));
        assertTrue(html, html.contains("</form></td><td>(none valid under the current trust root)</td></tr>"));
    }

    @Test
    public void theTabSaysWhichKeyThisNodeSignsWithOrThatItHoldsNoneAndHowToSignElsewhere() {
        String signed = page(status(null, List.of(), List.of()), null, List.of());
        assertTrue(signed, signed.contains("<p id='grapevine-signing'>Changes made here are signed with this node&#39;s"
                + " deployer key k.node0.</p>"));

        String unsigned = ConsolePage.render(new ConsolePage.View(status(null, List.of(), List.of()), List.of(),
                "/system/console/grapevine", TOKEN, null, 1024, List.of(), null));
        assertTrue(unsigned, unsigned.contains("<p id='grapevine-signing' class='ui-state-error'>This node holds no"
                + " deployer key, and deploy, rollback and undeploy from the console or Gogo need one to sign with:"
                + " start the node with --deployer-key FILE, or sign on your own machine with grapevine-ctl --key FILE"));
    }

    private static NodeStatus.Member member(String address, String deployment, String state, long heardMsAgo) {
        return new NodeStatus.Member(address, deployment, state, heardMsAgo);
    }

    /** This node on {@code deployment} with {@code roster} (this node first); a hint the table must not show. */
    private static NodeStatus roster(String deployment, NodeStatus.Member... roster) {
        int size = (int) java.util.Arrays.stream(roster).filter(m -> !m.state().equals("left")).count();
        return new NodeStatus("node.0", "127.0.0.1:8080", 42_000, deployment, List.of(), List.of(),
                List.of(new NodeStatus.Hint("127.0.0.1:9999", D1, 10L)), size, List.of(roster));
    }

    /** The HTML of the table with id {@code id}. */
    private static String table(String html, String id) {
        return between(html, "id='" + id + "'", "</table>");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(text, from >= 0);
        return text.substring(from + start.length(), text.indexOf(end, from));
    }

    private static List<String> all(String text, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group());
        }
        return found;
    }
}
