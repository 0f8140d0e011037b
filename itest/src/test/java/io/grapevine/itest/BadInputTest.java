package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.ClusterTrust;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Every bad input of issue [B] against one real node: a clear 4xx with a one-line reason and no
 * change of configuration; modules that throw or hang are marked failed and the core carries on.
 */
public class BadInputTest {
    private static final int LIMIT = 200_000;
    private static NodeProcess node;

    @BeforeClass
    public static void startNodeWithACounter() throws Exception {
        node = NodeProcess.start("bad-input", List.of(), List.of("-Dgrapevine.bundle.max.bytes=" + LIMIT,
                "-Dgrapevine.module.call.timeout.ms=5000"));
        created(node.deploy(ModuleJars.counter(1)));
    }

    @AfterClass
    public static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void notAJar() throws Exception {
        refused(400, "not a jar", () -> node.deploy("hello, I am text".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    public void corruptZip() throws Exception {
        byte[] jar = ModuleJars.counter(2);
        refused(400, "", () -> node.deploy(Arrays.copyOf(jar, jar.length / 2)));
    }

    @Test
    public void jarThatIsNotABundle() throws Exception {
        refused(400, "not a bundle", () -> node.deploy(ModuleJars.plainJar()));
    }

    @Test
    public void bundleWithoutAModuleComponent() throws Exception {
        refused(400, "io.grapevine.api.Module", () -> node.deploy(ModuleJars.bundleWithoutModule()));
    }

    @Test
    public void jarOverTheSizeLimit() throws Exception {
        refused(413, "too large", () -> node.deploy(ModuleJars.bundle("io.grapevine.test.big", "1.0.0", "none", LIMIT)));
    }

    @Test
    public void moduleNameOrVersionTheCoreCannotCarry() throws Exception {
        refused(400, "is not allowed", () -> node.deploy(ModuleJars.faulty("io.grapevine test", "1.0.0", "none")));
        refused(400, "not an OSGi version", () -> node.deploy(ModuleJars.faulty("io.grapevine.test.v", "one", "none")));
    }

    @Test
    public void moduleNamedLikeASystemBundle() throws Exception {
        refused(409, "system bundle", () -> node.deploy(ModuleJars.faulty("org.apache.felix.scr", "9.0.0", "none")));
    }

    @Test
    public void rollbackToMalformedOrUnknownNumbers() throws Exception {
        refused(400, "malformed", () -> node.rollback("not-a-number"));
        refused(404, "no deployment", () -> node.rollback("1-0-nobody"));
    }

    @Test
    public void adminCallsWithoutTheCredential() throws Exception {
        HttpRequest.Builder anonymous = HttpRequest.newBuilder(URI.create(node.url("/core/deployments")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(ModuleJars.counter(2)));
        refused(401, "admin", () -> Http.send(anonymous, null, null));
        HttpRequest.Builder wrong = HttpRequest.newBuilder(URI.create(node.url("/core/rollback?to=1-0-x")))
                .POST(HttpRequest.BodyPublishers.noBody());
        refused(401, "admin", () -> Http.send(wrong, "admin", "admin"));
        assertEquals(405, Http.get(node.url("/core/deployments")).statusCode());
    }

    @Test
    public void aRefusedUploadIsReadSoItsAnswerArrivesAndItsConnectionServesTheNextRequest() throws Exception {
        // Refused before its body was read, the connection closed while the client still sent: reset, the
        // client lost the 401 with it ("header parser received no bytes"), about once in a hundred uploads.
        byte[] upload = new byte[150_000];
        new java.util.Random(7).nextBytes(upload);
        node.awaitConsole();
        for (String target : List.of("/core/deployments", "/system/console/bundles")) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.port())) {
                socket.setSoTimeout(30_000);
                java.io.OutputStream out = socket.getOutputStream();
                out.write(("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/java-archive"
                        + "\r\nContent-Length: " + upload.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(upload);
                out.write("GET /core/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                List<String> statuses = java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3}) ").matcher(answers).results()
                        .map(status -> status.group(1)).toList();
                assertEquals(target + ": " + answers, List.of("401", "200"), statuses);
            }
        }
    }

    @Test
    public void jsonNestedTenThousandDeepIsRefusedUnparsed() throws Exception {
        String[] deep = {"[".repeat(10_000) + "]".repeat(10_000), "{\"from\":\"127.0.0.1:1\",\"config\":"
            + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}"};
        for (String json : deep) {
            for (String path : List.of("/core/gossip", "/core/deployments", "/core/trust")) {
                // As a peer holding the cluster key sends it: the depth is what is refused, not the sender.
                byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                refused(400, "nested deeper than 32", () -> Http.send(ClusterTrust.get().asPeer(
                        HttpRequest.newBuilder(URI.create(node.url(path))), "POST", path, "127.0.0.1:1", bytes)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                        null, null));
            }
        }
    }

    @Test
    public void malformedQueriesAndPathsAre4xxNot500() throws Exception {
        String counter = "/io.grapevine.example.counter/value";
        for (String target : List.of(counter + "?a=%zz", counter + "?%zz=1", counter + "?a=%", counter + "?a=%C3%28",
                "/core/status?x=%zz", "/core/rollback?to=%zz", "/core/deployments?remove=%G0")) {
            Http.Raw answer = Http.raw(node.port(), target.startsWith("/core/r") || target.startsWith("/core/d")
                    ? "POST" : "GET", target, "");
            assertEquals(target + ": " + answer.body(), 400, answer.status());
            String error = JsonParser.parseString(answer.body()).getAsJsonObject().get("error").getAsString();
            assertTrue(error, error.startsWith("malformed query parameter") && !error.contains("\n"));
        }
        // refused by Jetty before any servlet: 4xx with its own page
        for (String target : List.of("/%zz", "/core/%zz", "/core/bundles/%zz", counter + "/%C3%28", "/..%2f..%2fetc",
                "/io.grapevine.example.counter/%2e%2e/x", "//x", "/%00")) {
            int status = Http.raw(node.port(), "GET", target, "").status();
            assertTrue(target + " gave " + status, status >= 400 && status < 500);
        }
        assertEquals(200, Http.get(node.url(counter + "?a=%41&b=caf%C3%A9")).statusCode());
    }

    @Test
    public void moduleWhoseStartThrowsIsMarkedFailed() throws Exception {
        created(node.deploy(ModuleJars.faulty("io.grapevine.test.startthrows", "1.0.0", "start-throws")));
        assertFailed("io.grapevine.test.startthrows", "broken on purpose in start");
    }

    @Test
    public void moduleWhoseStartHangsIsMarkedFailed() throws Exception {
        created(node.deploy(ModuleJars.faulty("io.grapevine.test.starthangs", "1.0.0", "start-hangs")));
        assertFailed("io.grapevine.test.starthangs", "did not return");
    }

    @Test
    public void moduleWhoseAcceptStateThrowsIsMarkedFailed() throws Exception {
        created(node.deploy(ModuleJars.faulty("io.grapevine.test.accept", "1.0.0", "none")));
        created(node.deploy(ModuleJars.faulty("io.grapevine.test.accept", "2.0.0", "accept-throws")));
        assertFailed("io.grapevine.test.accept", "broken on purpose in acceptState");
    }

    @Test
    public void moduleWhoseRequestHandlerHangsIsMarkedFailed() throws Exception {
        String name = "io.grapevine.test.requesthangs";
        created(node.deploy(ModuleJars.faulty(name, "1.0.0", "request-hangs")));
        assertEquals(200, Http.get(node.url("/" + name + "/")).statusCode());
        var hung = Http.get(node.url("/" + name + "/hang"));
        assertEquals(hung.body(), 503, hung.statusCode());
        assertFailed(name, "request handler did not return");
    }

    @Test
    public void moduleWhoseTransferStateThrowsOrHangsIsReplacedWithoutState() throws Exception {
        for (String fault : List.of("transfer-throws", "transfer-hangs")) {
            String name = "io.grapevine.test." + fault.replace("-", "");
            created(node.deploy(ModuleJars.faulty(name, "1.0.0", fault)));
            created(node.deploy(ModuleJars.faulty(name, "2.0.0", "none")));
            JsonObject module = module(name);
            assertEquals(module.toString(), "running", module.get("state").getAsString());
            assertEquals("2.0.0", module.get("version").getAsString());
            JsonObject served = JsonParser.parseString(Http.get(node.url("/" + name + "/")).body()).getAsJsonObject();
            assertEquals("the new version started without state", "", served.get("accepted").getAsString());
        }
    }

    private static void assertFailed(String name, String reason) throws Exception {
        JsonObject module = module(name);
        assertEquals(module.toString(), "failed", module.get("state").getAsString());
        assertTrue(module.toString(), module.get("reason").getAsString().contains(reason));
        assertEquals(404, Http.get(node.url("/" + name + "/")).statusCode());
        JsonObject counter = module("io.grapevine.example.counter");
        assertEquals("other modules keep running", "running", counter.get("state").getAsString());
        assertEquals(200, Http.get(node.url("/io.grapevine.example.counter/value")).statusCode());
    }

    private static JsonObject module(String name) throws Exception {
        return Await.until("module " + name + " in status", Duration.ofSeconds(10), () -> {
            for (var m : node.modules()) {
                if (m.getAsJsonObject().get("name").getAsString().equals(name)) {
                    return m.getAsJsonObject();
                }
            }
            return null;
        });
    }

    private static void refused(int status, String reason, Request request) throws Exception {
        String before = node.getJson("/core/config").toString();
        HttpResponse<String> response = request.send();
        assertEquals(response.body(), status, response.statusCode());
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        String error = body.get("error").getAsString();
        assertFalse("one line", error.contains("\n"));
        assertTrue(error, error.contains(reason));
        assertEquals("nothing changed", before, node.getJson("/core/config").toString());
    }

    @FunctionalInterface
    private interface Request {
        HttpResponse<String> send() throws Exception;
    }
}
