package io.grapevine.launcher;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Runs the whole tool against a tiny real HTTP server on loopback that plays the node. */
public class CtlTest {
    private static final String TOKEN = "1795000000000-3-node.a1";
    private static final Map<String, String> ENV_WITH_PASSWORD = Map.of(Ctl.PASSWORD_VARIABLE, "s3cret");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private HttpServer node;
    private String url;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private record Received(String method, String path, String query, String authorization,
            String contentType, byte[] body) {
    }

    private record Answer(int status, String body) {
    }

    @Before
    public void startNode() throws IOException {
        node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        node.createContext("/", this::answer);
        node.start();
        url = "http://127.0.0.1:" + node.getAddress().getPort();
    }

    @After
    public void stopNode() {
        node.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Answer answer = answers.getOrDefault(path, new Answer(404, "{\"error\":\"no such resource\"}"));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(bytes);
        }
    }

    private int run(Map<String, String> env, Ctl.PasswordPrompt prompt, String... args) {
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new Ctl(env, stdout, stderr, prompt).run(args);
    }

    private int run(String... args) {
        return run(ENV_WITH_PASSWORD, prompt -> {
            throw new AssertionError("asked for a password although the environment has one");
        }, args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path bundleJar(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        Path jar = folder.getRoot().toPath().resolve("module.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("io/grapevine/example/counter/Counter.txt"));
            out.write("some content".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void deploySendsTheJarAsJavaArchiveWithTheAdminsCredential() throws Exception {
        answers.put("/core/deployments", new Answer(201, "{\"deployment\":\"" + TOKEN + "\"}"));
        Path jar = bundleJar("io.grapevine.example.counter;singleton:=true", "1.0.0");

        assertEquals(stderr(), 0, run("--node", url, "--no-wait", "deploy", jar.toString()));

        assertEquals("deployed io.grapevine.example.counter 1.0.0 as deployment " + TOKEN + "\n", stdout());
        assertEquals(1, received.size());
        Received deploy = received.get(0);
        assertEquals("POST", deploy.method());
        assertEquals("/core/deployments", deploy.path());
        assertNull(deploy.query());
        assertEquals("application/java-archive", deploy.contentType());
        assertEquals(basic("admin", "s3cret"), deploy.authorization());
        assertArrayEquals(Files.readAllBytes(jar), deploy.body());
    }

    @Test
    public void deployingACoreSaysItIsOneAndThatEachNodeRestartsOnIt() throws Exception {
        answers.put("/core/deployments", new Answer(201, "{\"deployment\":\"" + TOKEN + "\"}"));
        Path jar = bundleJar("io.grapevine.core", "0.2.0");

        assertEquals(stderr(), 0, run("--node", url, "--no-wait", "deploy", jar.toString()));

        assertEquals("deployed core 0.2.0 (" + Signing.sha256(jar).substring(0, 12) + "; each node restarts on it"
                + " and keeps it if it passes its probation) as deployment " + TOKEN + "\n", stdout());
        assertEquals("/core/deployments", received.get(0).path());
    }

    @Test
    public void undeployAndRollbackNameTheirTargetInTheQuery() {
        answers.put("/core/deployments", new Answer(201, "{\"deployment\":\"" + TOKEN + "\"}"));
        answers.put("/core/rollback", new Answer(201, "{\"deployment\":\"1795000000000-4-node.a1\"}"));

        assertEquals(stderr(), 0, run("--node", url, "--no-wait", "undeploy", "io.grapevine.example.counter"));
        assertEquals(stderr(), 0, run("--node", url, "--no-wait", "rollback", "1795000000000-1-node.b2"));

        assertEquals("undeployed io.grapevine.example.counter as deployment " + TOKEN + "\n"
                + "rolled back to 1795000000000-1-node.b2 as deployment 1795000000000-4-node.a1\n", stdout());
        assertEquals("remove=io.grapevine.example.counter", received.get(0).query());
        assertEquals(0, received.get(0).body().length);
        assertEquals("/core/rollback", received.get(1).path());
        assertEquals("to=1795000000000-1-node.b2", received.get(1).query());
        assertEquals(basic("admin", "s3cret"), received.get(1).authorization());
    }

    @Test
    public void readsSendNoCredential() {
        answers.put("/core/status", new Answer(200, "{\"nodeId\":\"node.a1\",\"modules\":[]}"));
        answers.put("/core/history", new Answer(200, "[]"));

        assertEquals(stderr(), 0, run("--node", url, "status"));
        assertEquals(stderr(), 0, run("--node", url, "history"));

        assertTrue(stdout(), stdout().startsWith("node        node.a1\n"));
        assertTrue(stdout(), stdout().endsWith("no deployments yet\n"));
        assertEquals(List.of("GET", "GET"), received.stream().map(Received::method).toList());
        received.forEach(request -> assertNull(request.authorization()));
    }

    @Test
    public void jsonPrintsTheNodesAnswerAsItCame() {
        String status = "{\"nodeId\":\"node.a1\",\"uptimeMs\":12,\"modules\":[]}";
        answers.put("/core/status", new Answer(200, status));
        assertEquals(0, run("--json", "--node", url, "status"));
        assertEquals(status + "\n", stdout());
    }

    @Test
    public void theNodesErrorBecomesExitOneWithItsReason() throws Exception {
        answers.put("/core/deployments", new Answer(400, "{\"error\":\"x\"}"));
        assertEquals(1, run("--node", url, "deploy", bundleJar("io.grapevine.x", "1.0.0").toString()));
        assertEquals("grapevine-ctl: x (HTTP 400)\n", stderr());
        assertEquals("", stdout());
    }

    @Test
    public void anErrorWithoutTheNodesJsonStillGivesTheStatus() {
        answers.put("/core/status", new Answer(502, "<html>\n<body>Bad Gateway</body></html>"));
        assertEquals(1, run("--node", url, "status"));
        assertEquals("grapevine-ctl: the node refused the request (HTTP 502)\n", stderr());
    }

    @Test
    public void aMissingOrNonJarFileFailsBeforeAnyRequest() throws Exception {
        assertEquals(1, run("--node", url, "deploy", "/no/such/module.jar"));
        assertEquals("grapevine-ctl: no such file: /no/such/module.jar\n", stderr());

        err.reset();
        Path text = Files.writeString(folder.newFile("notes.jar").toPath(), "not a zip");
        assertEquals(1, run("--node", url, "deploy", text.toString()));
        assertTrue(stderr(), stderr().startsWith("grapevine-ctl: cannot read " + text + " as a jar"));
        assertEquals(1, stderr().split("\n").length);
        assertTrue(received.isEmpty());
    }

    @Test
    public void withoutPasswordOrTerminalAChangeFailsNamingTheVariable() {
        assertEquals(1, run(Map.of(), prompt -> null, "--node", url, "rollback", TOKEN));
        assertEquals("grapevine-ctl: no admin password: set GRAPEVINE_ADMIN_PASSWORD"
                + " (or run in a terminal to be asked)\n", stderr());
        assertTrue(received.isEmpty());
    }

    @Test
    public void withoutTheVariableThePasswordIsAskedOnTheTerminal() {
        answers.put("/core/rollback", new Answer(201, "{\"deployment\":\"" + TOKEN + "\"}"));
        assertEquals(stderr(), 0, run(Map.of(), prompt -> "typed".toCharArray(), "--node", url, "--no-wait",
                "rollback", TOKEN));
        assertEquals(basic("admin", "typed"), received.get(0).authorization());
    }

    @Test
    public void anUnreachableNodeIsExitOne() {
        node.stop(0);
        assertEquals(1, run("--node", url, "status"));
        assertEquals("grapevine-ctl: cannot connect to " + url + " (is the node running?)\n", stderr());
    }

    @Test
    public void aBadCommandLineIsExitTwoAndHelpIsExitZero() {
        assertEquals(2, run("frobnicate"));
        assertEquals("grapevine-ctl: unknown command 'frobnicate' (see --help)\n", stderr());
        assertEquals(0, run("--help"));
        assertTrue(stdout(), stdout().startsWith("Usage: grapevine-ctl [--node URL] [--json] [--no-wait] [--timeout S]"
                + " <command>\n"));
        assertTrue(received.isEmpty());
    }
}
