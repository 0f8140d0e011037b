package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.ClusterTrust;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import io.grapevine.itest.support.Nodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/**
 * The console tab over plain HTTP on a real node, as a browser would send it (session cookie,
 * the console's own Origin, forms), what happens when an operator uses the console's own Bundles
 * page on a module or another bundle, what a cross-site request gets, the login's back-off, and the
 * cluster table of a real roster.
 */
public class ConsoleTest {
    private static final String COUNTER = "io.grapevine.example.counter";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern CSRF = Pattern.compile("name='csrf' value='([^']+)'");

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(10)).build();
    private NodeProcess node;

    @After
    public void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void aPostWithoutTheSessionsTokenIsRefusedAndChangesNothing() throws Exception {
        node = NodeProcess.start("console-csrf");
        String token = tabToken();
        byte[] jar = ModuleJars.counter(1);

        HttpResponse<String> none = post("/system/console/grapevine", Map.of("action", "deploy"), jar);
        HttpResponse<String> wrong = post("/system/console/grapevine", Map.of("csrf", token + "x", "action", "deploy"), jar);
        HttpResponse<String> otherSession = HttpClient.newHttpClient().send(multipart(
                Map.of("csrf", token, "action", "deploy"), jar), HttpResponse.BodyHandlers.ofString());

        assertEquals(403, none.statusCode());
        assertEquals(403, wrong.statusCode());
        assertEquals(403, otherSession.statusCode());
        assertNull("nothing was deployed", node.deployment());
    }

    @Test
    public void anUploadOverTheStoreLimitOrNotAModuleIsRefusedAndChangesNothing() throws Exception {
        node = NodeProcess.start("console-limits", List.of(), List.of("-Dgrapevine.bundle.max.bytes=200000"));
        String token = tabToken();
        Map<String, String> deploy = Map.of("csrf", token, "action", "deploy");

        HttpResponse<String> tooLarge = post("/system/console/grapevine", deploy,
                ModuleJars.bundle("io.grapevine.test.big", "1.0.0", "", 300_000));
        assertEquals(413, tooLarge.statusCode());

        HttpResponse<String> notABundle = post("/system/console/grapevine", deploy, ModuleJars.plainJar());
        assertEquals(303, notABundle.statusCode());
        String page = get(notABundle.headers().firstValue("Location").orElseThrow()).body();
        assertTrue(page, page.contains("<p id='grapevine-result' class='ui-state-error'>Deploy refused: not a bundle"));
        assertNull("nothing was deployed", node.deployment());
    }

    @Test
    public void deployAndRollBackThroughTheFormsThenAReloadRepeatsNothing() throws Exception {
        node = NodeProcess.start("console-forms");
        String d1 = created(node.deploy(ModuleJars.counter(1)));
        String token = tabToken();

        HttpResponse<String> deployed = post("/system/console/grapevine", Map.of("csrf", token, "action", "deploy"),
                ModuleJars.counter(2));
        assertEquals(deployed.body(), 303, deployed.statusCode());
        String location = deployed.headers().firstValue("Location").orElseThrow();
        assertTrue(location, location.startsWith("/system/console/grapevine?result="));
        String d2 = node.deployment();
        String page = get(location).body();
        assertTrue(page, page.contains("Deployed " + COUNTER + " 2.0.0 as deployment " + d2));
        assertEquals("a reload shows the outcome again and deploys nothing", d2, node.deployment());
        get(location);
        assertEquals(2, node.getJson("/core/history").getAsJsonArray().size());
        String keyId = ClusterTrust.get().key().id();
        assertTrue(page, page.contains("<td>" + d2 + "</td>") && page.contains("<td>current</td><td>" + keyId + "</td>"));
        assertTrue(page, page.contains("</form></td><td>" + keyId + "</td></tr>"));
        assertTrue(page, page.contains("<p id='grapevine-signing'>Changes made here are signed with this node&#39;s"
                + " deployer key " + keyId + ".</p>"));

        HttpResponse<String> rolledBack = post("/system/console/grapevine",
                Map.of("csrf", token, "action", "rollback", "to", d1), null);
        assertEquals(303, rolledBack.statusCode());
        String d3 = node.deployment();
        assertTrue(get(rolledBack.headers().firstValue("Location").orElseThrow()).body()
                .contains("Rolled back to " + d1 + " as new deployment " + d3));

        HttpResponse<String> refused = post("/system/console/grapevine",
                Map.of("csrf", token, "action", "rollback", "to", "1-0-<script>"), null);
        String refusal = get(refused.headers().firstValue("Location").orElseThrow()).body();
        assertTrue(refusal, refusal.contains("Rollback refused: bad node id in deployment number: &lt;script&gt;</p>"));
        assertEquals(d3, node.deployment());
    }

    @Test
    public void theClusterTableListsTheRosterAndANodeThatStoppedIsListedApartAsLeftAndNoLongerCounted()
            throws Exception {
        try (Nodes cluster = Nodes.start("console-roster", 2, List.of(List.of()))) {
            node = cluster.get(0);
            NodeProcess peer = cluster.get(1);
            String d1 = created(node.deploy(ModuleJars.counter(1)));
            cluster.awaitAllOn(d1, WAIT);

            String tab = Await.until("both nodes on " + d1 + " on the tab", WAIT, () -> {
                String page = get("/system/console/grapevine").body();
                return page.contains("id='grapevine-converged'>2/2 nodes on " + d1 + "</p>") ? page : null;
            });
            List<String> rows = rows(tab, "grapevine-cluster");
            assertEquals(tab, 2, rows.size());
            assertEquals("<tr class='grapevine-on'><td>" + node.address() + " (this node)</td><td>" + d1 + "</td>"
                    + "<td class='grapevine-state-alive'>alive</td><td>now</td></tr>", rows.get(0));
            assertTrue(rows.get(1), rows.get(1).matches(Pattern.quote("<tr class='grapevine-on'><td>" + peer.address()
                    + "</td><td>" + d1 + "</td><td class='grapevine-state-alive'>alive</td><td>")
                    + "(now|[0-9]+ s ago)</td></tr>"));
            assertTrue(tab, tab.contains("<span id='grapevine-bar-on' class='grapevine-bar-on' style='width:100.0%'>"));
            assertTrue(tab, tab.contains("<details id='grapevine-left' hidden>"));
            // The console's head links the tab's stylesheet, which the tab serves.
            assertTrue(tab, tab.contains("<link href='/system/console/grapevine/res/grapevine.css' rel='stylesheet'"));
            HttpResponse<String> css = get("/system/console/grapevine/res/grapevine.css");
            assertEquals(200, css.statusCode());
            assertTrue(css.body(), css.body().contains(".grapevine-outcome-ok"));

            // Stopping cleanly, the peer tells this node it leaves: it is listed apart and the cluster is one node.
            assertEquals(0, peer.stop());
            String after = Await.until("the peer listed as left", WAIT, () -> {
                String page = get("/system/console/grapevine").body();
                return page.contains("id='grapevine-converged'>1/1 nodes on " + d1 + "</p>") ? page : null;
            });
            assertEquals(1, rows(after, "grapevine-cluster").size());
            assertTrue(after, after.contains("<details id='grapevine-left'><summary id='grapevine-left-summary'>1 node"
                    + " left the cluster (not counted)</summary>"));
            List<String> left = rows(after, "grapevine-left-nodes");
            assertEquals(after, 1, left.size());
            assertTrue(left.get(0), left.get(0).startsWith("<tr class='grapevine-left'><td>" + peer.address()
                    + "</td><td>" + d1 + "</td><td class='grapevine-state-left'>left</td><td>"));
            assertEquals(1, node.status().get("clusterSize").getAsInt());
        }
    }

    /** The rows of the body of the tab's table with id {@code id}. */
    private static List<String> rows(String page, String id) {
        int from = page.indexOf("id='" + id + "'");
        assertTrue(page, from >= 0);
        Matcher row = Pattern.compile("<tr class=.*?</tr>").matcher(page.substring(from, page.indexOf("</table>", from)));
        List<String> rows = new ArrayList<>();
        while (row.find()) {
            rows.add(row.group());
        }
        return rows;
    }

    @Test
    public void aModuleInstalledOrUpdatedOnTheBundlesPageIsRevertedAndTheTabSaysSo() throws Exception {
        node = NodeProcess.start("console-bundles");
        String d1 = created(node.deploy(ModuleJars.counter(1)));
        openBundlesPage();

        // The Bundles page updates the module's bundle in place (same symbolic name)...
        assertEquals(302, installOnBundlesPage("counter-2.0.0.jar", ModuleJars.counter(2), false).statusCode());
        awaitRevertedAndBackOnV1("updated outside Grapevine", 1, true);
        // ... or, with "parallel version", installs a second bundle beside it.
        assertEquals(302, installOnBundlesPage("counter-2.0.0.jar", ModuleJars.counter(2), true).statusCode());
        awaitRevertedAndBackOnV1("installed outside Grapevine from inputstream:counter-2.0.0.jar", 2, false);
        // A module the deployment does not name is refused too.
        byte[] stray = ModuleJars.faulty("io.grapevine.test.stray", "1.0.0", "");
        assertEquals(302, installOnBundlesPage("stray.jar", stray, false).statusCode());
        Await.until("the stray module uninstalled", WAIT, () -> bundles("io.grapevine.test.stray").isEmpty()
                && events().stream().anyMatch(e -> e.contains("io.grapevine.test.stray installed outside")) ? true : null);

        assertEquals("no deployment was made", d1, node.deployment());
        String tab = get("/system/console/grapevine").body();
        assertTrue(tab, tab.contains("id='grapevine-bundles-policy'"));
        assertTrue(tab, tab.contains(COUNTER + ": its bundle was updated outside Grapevine; restored to the jar of the"
                + " deployment"));
    }

    @Test
    public void aCrossSitePostToTheBundlesPageIsRefusedAndInstallsNothingASameOriginOneIsRevertedLikeAModule()
            throws Exception {
        node = NodeProcess.start("console-cross-site");
        byte[] plain = ModuleJars.bundleWithoutModule();
        String name = "io.grapevine.test.nomodule";
        openBundlesPage();

        // The admin's browser attaches the credential (and every cookie, for another port of the same host) to a
        // request that another site's page makes; it cannot make the Origin this console's.
        for (String foreign : List.of("http://evil.example", "http://127.0.0.1:" + (node.port() + 1))) {
            HttpResponse<String> refused = browser.send(multipart("/system/console/bundles", foreign,
                    Map.of("action", "install", "bundlestart", "start"), "bundlefile", "plain.jar", plain),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(refused.body(), 403, refused.statusCode());
            assertEquals("cross-site request refused: Origin " + foreign + " is not this console ("
                    + node.url("") + ")\n", refused.body());
        }
        // Same origin, but not from a page of this console's session: the SameSite=Strict token cookie is missing.
        HttpClient noCookies = HttpClient.newHttpClient();
        HttpResponse<String> noToken = noCookies.send(multipart("/system/console/bundles", node.url(""),
                Map.of("action", "install"), "bundlefile", "plain.jar", plain), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noToken.statusCode());
        assertTrue(noToken.body(), noToken.body().startsWith("request refused: it carries no Grapevine console token"));
        HttpResponse<String> stop = noCookies.send(request("/system/console/bundles/0").header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("action=stop")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("not even the framework's own pages", 403, stop.statusCode());

        assertEquals("nothing was installed", List.of(), bundles(name));
        assertEquals(2, Nodes.metric(node, "grapevine_refusals_total{reason=\"console-cross-origin\"}"));
        assertEquals(2, Nodes.metric(node, "grapevine_refusals_total{reason=\"console-no-token\"}"));
        assertTrue(events().stream().noneMatch(e -> e.contains(name)));

        // From the console's own page it goes through, and the plain bundle is reverted like a module.
        assertEquals(302, installOnBundlesPage("plain.jar", plain, false).statusCode());
        Await.until("the plain bundle uninstalled", WAIT, () -> bundles(name).isEmpty() && events().stream().anyMatch(
                e -> e.equals("outside-change-reverted " + name + " installed outside Grapevine through the Web Console"
                        + " from inputstream:plain.jar; uninstalled: a node runs only the bundles it started with and"
                        + " the modules deployed to the whole cluster")) ? true : null);
        assertNull("no deployment was made", node.deployment());
    }

    @Test
    public void wrongPasswordsGet401Then429OnTheApiAndTheConsoleAlikeAndTheRightOneWorksAfterTheBackoff()
            throws Exception {
        node = NodeProcess.start("console-backoff");
        node.awaitConsole();
        HttpClient client = HttpClient.newHttpClient();
        // Failures on the REST API and on the console count together: one check, one back-off per address.
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(client.send(request("/system/console/bundles", "admin", "guess" + i, node.url("")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        for (int i = 3; i < 5; i++) {
            statuses.add(rollbackAs("guess" + i).statusCode());
        }
        assertEquals(List.of(401, 401, 401, 401, 401), statuses);
        assertEquals(5, Nodes.metric(node, "grapevine_admin_login_failures_total"));

        // The back-off has begun: 1 s after the 5th failure, and twice as long after each failure checked after it.
        // Guessing on until a 429 leaves at least 3 s to wait lets the next requests meet the back-off for sure.
        HttpResponse<String> throttled = Await.until("a 429 with at least 4 s to wait", WAIT, () -> {
            HttpResponse<String> r = rollbackAs("guess");
            assertTrue(r.body(), r.statusCode() == 401 || r.statusCode() == 429);
            return r.statusCode() == 429 && retryAfter(r) >= 4 ? r : null;
        });
        assertTrue(throttled.body(), throttled.body().startsWith("{\"error\":\"too many failed admin logins from 127.0.0.1"));
        HttpResponse<String> console = client.send(request("/system/console/grapevine").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("the console's login backs off too, even for the right password", 429, console.statusCode());
        assertTrue(retryAfter(console) >= 1);
        assertTrue(Nodes.metric(node, "grapevine_admin_logins_throttled_total") >= 2);

        HttpResponse<String> deployed = Await.until("the right password to work once the back-off has passed", WAIT,
                () -> {
                    HttpResponse<String> r = node.deploy(ModuleJars.counter(1));
                    assertTrue(r.body(), r.statusCode() == 201 || r.statusCode() == 429);
                    return r.statusCode() == 201 ? r : null;
                });
        assertEquals(created(deployed), node.deployment());
        assertEquals("a success forgets the failures", 401, rollbackAs("guess").statusCode());
        String log = java.nio.file.Files.readString(node.log());
        assertTrue("no password is logged", !log.contains("guess0") && !log.contains(NodeProcess.PASSWORD));
    }

    private static long retryAfter(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
    }

    private HttpResponse<String> rollbackAs(String password) throws IOException, InterruptedException {
        return Http.send(HttpRequest.newBuilder(URI.create(node.url("/core/rollback?to=1-0-x")))
                .POST(HttpRequest.BodyPublishers.noBody()), "admin", password);
    }

    /** {@code restarted}: the core put the module back on its jar, so it started again last. */
    private void awaitRevertedAndBackOnV1(String why, int reverts, boolean restarted) {
        Await.until("the change reverted: " + why, WAIT, () -> {
            List<String> counters = bundles(COUNTER);
            boolean back = counters.equals(List.of("1.0.0 Active"));
            long reverted = events().stream().filter(e -> e.startsWith("outside-change-reverted " + COUNTER)).count();
            JsonObject module = node.modules().get(0).getAsJsonObject();
            boolean running = module.get("state").getAsString().equals("running")
                    && module.get("version").getAsString().equals("1.0.0");
            List<String> events = events();
            boolean last = !restarted || events.get(events.size() - 1).startsWith("module-started " + COUNTER + " 1.0.0");
            return back && reverted == reverts && running && last ? true : null;
        });
    }

    private List<String> events() throws IOException, InterruptedException {
        List<String> events = new ArrayList<>();
        for (JsonElement e : node.getJson("/core/events").getAsJsonArray()) {
            JsonObject event = e.getAsJsonObject();
            events.add(event.get("type").getAsString() + " " + event.get("subject").getAsString() + " "
                    + event.get("detail").getAsString());
        }
        return events;
    }

    /** "version state" of every installed bundle named {@code symbolicName}, from the Bundles page. */
    private List<String> bundles(String symbolicName) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        JsonObject list = JsonParser.parseString(get("/system/console/bundles.json").body()).getAsJsonObject();
        for (JsonElement e : list.getAsJsonArray("data")) {
            JsonObject bundle = e.getAsJsonObject();
            if (symbolicName.equals(bundle.get("symbolicName").getAsString())) {
                found.add(bundle.get("version").getAsString() + " " + bundle.get("state").getAsString());
            }
        }
        return found;
    }

    /** Loads the Bundles page, as the operator does before using it: the login sets the console's token cookie. */
    private void openBundlesPage() {
        Await.until("the Bundles page", WAIT, () -> get("/system/console/bundles").statusCode() == 200 ? true : null);
    }

    /** What the Bundles page's "Install/Update..." dialog sends. */
    private HttpResponse<String> installOnBundlesPage(String fileName, byte[] jar, boolean parallelVersion)
            throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>(Map.of("action", "install", "bundlestart", "start"));
        if (parallelVersion) {
            fields.put("parallelVersion", "true");
        }
        return browser.send(multipart("/system/console/bundles", fields, "bundlefile", fileName, jar),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST: multipart with the jar as {@code bundle} when there is one, else urlencoded. */
    private HttpResponse<String> post(String path, Map<String, String> fields, byte[] jar)
            throws IOException, InterruptedException {
        if (jar != null) {
            return browser.send(multipart(path, fields, "bundle", "module.jar", jar), HttpResponse.BodyHandlers.ofString());
        }
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return browser.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest multipart(Map<String, String> fields, byte[] jar) {
        return multipart("/system/console/grapevine", fields, "bundle", "module.jar", jar);
    }

    private HttpRequest multipart(String path, Map<String, String> fields, String fileField, String fileName, byte[] jar) {
        return multipart(path, node.url(""), fields, fileField, fileName, jar);
    }

    private HttpRequest multipart(String path, String origin, Map<String, String> fields, String fileField,
            String fileName, byte[] jar) {
        String boundary = "grapevine-itest-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jar);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return request(path, "admin", NodeProcess.PASSWORD, origin)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    /** As a browser on the console's own page sends it: the admin's credential and this console's Origin. */
    private HttpRequest.Builder request(String path) {
        return request(path, "admin", NodeProcess.PASSWORD, node.url(""));
    }

    private HttpRequest.Builder request(String path, String user, String password, String origin) {
        String credential = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + credential).header("Origin", origin);
    }

    /** The session's CSRF token from the Grapevine tab, once the console serves it (it registers after the core). */
    private String tabToken() {
        return Await.until("the Grapevine tab with a CSRF token", WAIT, () -> {
            Matcher matcher = CSRF.matcher(get("/system/console/grapevine").body());
            return matcher.find() ? matcher.group(1) : null;
        });
    }
}
