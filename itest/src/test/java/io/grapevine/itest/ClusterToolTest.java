package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.Distribution;
import io.grapevine.itest.support.FreePort;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code bin/grapevine-cluster} on real nodes, as an operator runs it: a node killed is brought
 * back by the same {@code start}, {@code restart} gives a node a new process on its port with its
 * data, and a port that another process holds is refused with a message saying so.
 */
public class ClusterToolTest {
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private Path dir;

    /** What one run of the tool did. */
    private record Run(int code, String out, String err) {
    }

    @Before
    public void folder() throws IOException {
        dir = Files.createTempDirectory(Distribution.targetDir().toAbsolutePath(), "cluster-tool-");
    }

    @After
    public void stopEverything() throws Exception {
        // The tool's stop signals only pids that still run a node, which is all a test may end.
        Run stop = tool("stop", "--dir", dir.toString());
        assertEquals(stop.err(), 0, stop.code());
    }

    @Test
    public void aKilledNodeComesBackWithStartAndRestartKeepsItsPortAndData() throws Exception {
        int base = startOnFreePorts(2);
        String node0 = "http://127.0.0.1:" + base;
        String node1 = "http://127.0.0.1:" + (base + 1);
        long pid0 = pid(0);
        ProcessHandle first1 = ProcessHandle.of(pid(1)).orElseThrow();
        String d1 = created(Http.send(HttpRequest.newBuilder(URI.create(node0 + "/core/deployments"))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ModuleJars.counter(1))), "admin", NodeProcess.PASSWORD));
        awaitOn(node1, "node.1", d1);

        first1.destroyForcibly();
        assertTrue(first1.onExit().get(30, TimeUnit.SECONDS) != null);
        Run again = tool("start", "2", "--base-port", Integer.toString(base), "--dir", dir.toString());

        assertEquals(again.err(), 0, again.code());
        assertTrue(again.out(), again.out().contains("node-0  " + node0 + "  pid " + pid0 + "  (already running)\n"));
        assertNotEquals(first1.pid(), pid(1));
        assertTrue(again.out(), again.out().contains("node-1  " + node1 + "  pid " + pid(1) + "\n"));
        awaitOn(node1, "node.1", d1); // from its own data, whatever the others say

        ProcessHandle old0 = ProcessHandle.of(pid0).orElseThrow();
        long pid1 = pid(1);
        Run restart = tool("restart", "node-0", "--dir", dir.toString());

        assertEquals(restart.err(), 0, restart.code());
        assertFalse(old0.isAlive());
        assertNotEquals(pid0, pid(0));
        assertEquals("node-0  " + node0 + "  pid " + pid(0) + "\n", restart.out());
        awaitOn(node0, "node.0", d1);
        assertEquals("node-1 was left alone", pid1, pid(1));
        assertTrue(ProcessHandle.of(pid1).map(ProcessHandle::isAlive).orElse(false));

        ProcessHandle.of(pid1).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid1).ifPresent(p -> p.onExit().join());
        try (ServerSocket foreign = new ServerSocket()) {
            foreign.bind(new InetSocketAddress(base + 1));
            Run refused = tool("start", "2", "--base-port", Integer.toString(base), "--dir", dir.toString());
            assertEquals(refused.err(), 2, refused.code());
            assertEquals("grapevine-cluster: port " + (base + 1) + " (node-1) is taken by another process; free it or"
                    + " choose another --base-port\n", refused.err());
            Run restartRefused = tool("restart", "node-1", "--dir", dir.toString());
            assertEquals(restartRefused.err(), 2, restartRefused.code());
            assertTrue(restartRefused.err(), restartRefused.err().endsWith("grapevine-cluster: port " + (base + 1)
                    + " (node-1) is taken by another process; free it and restart node-1 again\n"));
        }
        assertEquals(d1, status(node0, "node.0").get("deployment").getAsString());
    }

    /**
     * {@code start N} on free ports; on others when another process took one first (a refusal,
     * exit 2, saying "taken": the tool then started nothing or stopped what it started).
     */
    private int startOnFreePorts(int nodes) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int base;
            try (FreePort.Block block = FreePort.reserve(nodes)) {
                base = block.base();
            }
            Run run = tool("start", Integer.toString(nodes), "--base-port", Integer.toString(base), "--dir",
                    dir.toString(), "--timeout", "120");
            if (run.code() == 0) {
                return base;
            }
            if (run.code() != 2 || !run.err().contains("taken") || attempt == 5) {
                throw new AssertionError("start failed with " + run.code() + ":\n" + run.err());
            }
        }
    }

    private Run tool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Distribution.home().resolve("bin/grapevine-cluster").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "tool-", ".out");
        Path err = Files.createTempFile(dir, "tool-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("GRAPEVINE_ADMIN_PASSWORD", NodeProcess.PASSWORD);
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("grapevine-cluster " + String.join(" ", args) + " took over 5 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The pid in node i's pid file. */
    private long pid(int index) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("node-" + index + "/pid")).strip());
    }

    /** The node's status; fails unless it is the node of that id. */
    private static JsonObject status(String url, String nodeId) throws IOException, InterruptedException {
        JsonObject status = JsonParser.parseString(Http.get(url + "/core/status").body()).getAsJsonObject();
        assertEquals(nodeId, status.get("nodeId").getAsString());
        return status;
    }

    private static void awaitOn(String url, String nodeId, String deployment) {
        Await.until(nodeId + " on " + deployment, CONVERGE, () -> {
            JsonElement on = status(url, nodeId).get("deployment");
            return on != null && !on.isJsonNull() && on.getAsString().equals(deployment) ? Boolean.TRUE : null;
        });
    }
}
