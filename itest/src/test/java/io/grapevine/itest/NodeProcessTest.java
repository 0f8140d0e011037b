package io.grapevine.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.Distribution;
import io.grapevine.itest.support.FreePort;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.NodeProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/** Runs the assembled {@code bin/grapevine} as a real process, as an operator would. */
public class NodeProcessTest {
    private Process node;

    @After
    public void killLeftovers() {
        if (node != null && node.isAlive()) {
            node.destroyForcibly();
        }
    }

    @Test
    public void nodeStartsServesStatusGuardsConsoleAndStopsCleanlyOnSigterm() throws Exception {
        int port = FreePort.next();
        Path data = Files.createTempDirectory(Distribution.targetDir(), "node-data-");
        Path log = Distribution.targetDir().resolve("node-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(Distribution.home().resolve("bin/grapevine").toString(),
                "--port", Integer.toString(port), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("GRAPEVINE_ADMIN_PASSWORD");
        node = builder.start();
        String base = "http://127.0.0.1:" + port;

        HttpResponse<String> response = Await.until("/core/status of the node", Duration.ofSeconds(60), () -> {
            assertTrue("node exited early, see " + log, node.isAlive());
            HttpResponse<String> r = Http.get(base + "/core/status");
            return r.statusCode() == 200 ? r : null;
        });
        JsonObject status = JsonParser.parseString(response.body()).getAsJsonObject();
        String nodeId = status.get("nodeId").getAsString();
        assertEquals(Files.readString(data.resolve("node-id")).strip(), nodeId);
        assertEquals("127.0.0.1:" + port, status.get("address").getAsString());
        assertTrue(status.get("deployment").isJsonNull());
        assertEquals(0, status.getAsJsonArray("modules").size());
        assertTrue(status.get("uptimeMs").getAsLong() >= 0);

        assertEquals(404, Http.get(base + "/core/nothing-here").statusCode());

        Path passwordFile = data.resolve("admin.password");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(passwordFile));
        String password = Files.readString(passwordFile).strip();
        assertTrue("the generated password is printed once in the log",
                Files.readString(log).contains(password));
        // The console registers with Felix HTTP after the core's REST API: until then its paths are 404.
        int wrongPassword = Await.until("the console to be registered", Duration.ofSeconds(30), () -> {
            int s = Http.get(base + "/system/console/bundles", "admin", "admin").statusCode();
            return s == 404 ? null : s;
        });
        assertEquals(401, wrongPassword);
        HttpResponse<String> console = Await.until("the console", Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = Http.get(base + "/system/console/grapevine", "admin", password);
            return r.statusCode() == 200 ? r : null;
        });
        assertTrue(console.body().contains(nodeId));

        node.destroy(); // SIGTERM
        assertTrue("node did not stop within 30 s", node.waitFor(30, TimeUnit.SECONDS));
        assertEquals("exit code after SIGTERM, see " + log, 0, node.exitValue());
    }

    @Test
    public void badOptionExitsWithCodeTwoAndOneLine() throws Exception {
        Process bad = new ProcessBuilder(Distribution.home().resolve("bin/grapevine").toString(), "--port", "http")
                .redirectErrorStream(true).start();
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        String output = new String(bad.getInputStream().readAllBytes()).strip();
        assertEquals(2, bad.exitValue());
        assertEquals(1, output.lines().count());
        assertTrue(output, output.contains("bad port"));
    }

    /** A node without its port could neither gossip nor be reached: it says so and exits 3. */
    @Test
    public void aPortAnotherProcessHoldsExitsWithCodeThreeAndOneLine() throws Exception {
        try (FreePort.Block held = FreePort.reserve(1)) {
            Path data = Files.createTempDirectory(Distribution.targetDir(), "node-data-");
            node = new ProcessBuilder(Distribution.home().resolve("bin/grapevine").toString(),
                    "--port", Integer.toString(held.base()), "--data", data.toString(), "--admin-password", "x")
                    .redirectErrorStream(true).start();
            assertTrue(node.waitFor(60, TimeUnit.SECONDS));
            String output = new String(node.getInputStream().readAllBytes()).strip();
            assertEquals(output, NodeProcess.PORT_TAKEN_EXIT, node.exitValue());
            assertEquals("grapevine: port " + held.base() + " is taken by another process; choose another --port",
                    output);
        }
    }
}
