package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runs the whole tool in this JVM. No node is started: stand-ins are {@code sleep} processes
 * (recognised as nodes through the predicate the tool is given), a tiny HTTP server on loopback
 * that answers {@code /core/status}, and a fake {@code bin/grapevine} that fails.
 */
public class ClusterTest {
    private static final String STATUS = """
            {"nodeId":"node.0","address":"127.0.0.1:%d","uptimeMs":5000,"deployment":"1795000000000-0-node.0",
             "modules":[{"name":"io.grapevine.example.counter","version":"1.0.0","state":"running"}],
             "rendezvous":["127.0.0.1:%d"]}
            """;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path home;
    private Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Process> spawned = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @Before
    public void folders() throws IOException {
        home = folder.newFolder("grapevine").toPath();
        dir = folder.getRoot().toPath().resolve("cluster");
    }

    @After
    public void cleanUp() throws Exception {
        for (Process process : spawned) {
            // Waited for: a later test counts this JVM's live children.
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    private int run(Predicate<ProcessHandle> runsANode, Map<String, String> env, String... args) {
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new Cluster(home, env, stdout, stderr, runsANode, Duration.ofSeconds(10)).run(args);
    }

    private int run(String... args) {
        return run(ClusterProcesses::runsANode, Map.of(Ctl.PASSWORD_VARIABLE, "x"), args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A live process that is not a node: {@code sleep}. */
    private Process sleeper() throws IOException {
        Process process = new ProcessBuilder("sleep", "600").start();
        spawned.add(process);
        return process;
    }

    /** A node folder as {@code start} leaves it. */
    private ClusterNode nodeFolder(int index, int port, Long pid) throws IOException {
        ClusterNode node = new ClusterNode(index, port, dir.toAbsolutePath().resolve("node-" + index));
        Files.createDirectories(node.data());
        ClusterLayout.writeProperties(node);
        if (pid != null) {
            ClusterLayout.writePid(node, pid);
        }
        return node;
    }

    /** A pid that no process has now: one of a process that has exited. */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process.pid();
    }

    /** A port with the next one free too, found by asking the system for a free one. */
    private static int freePorts() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            if (port < 65535 && Cluster.portFree(port) && Cluster.portFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two free ports in a row");
    }

    @Test
    public void helpPrintsTheUsageAndExits0() {
        assertEquals(0, run("--help"));
        assertEquals(ClusterArguments.USAGE, stdout());
        assertEquals("", stderr());
    }

    @Test
    public void aBadCommandLineIsOneLineAndExit2() {
        assertEquals(2, run("restart"));
        assertEquals("grapevine-cluster: unknown command 'restart' (see --help)\n", stderr());
        assertEquals("", stdout());
    }

    @Test
    public void stopRemovesStalePidFilesAndSignalsNothing() throws Exception {
        Process other = sleeper();
        ClusterNode gone = nodeFolder(0, 18700, deadPid());
        ClusterNode reused = nodeFolder(1, 18701, other.pid());
        ClusterNode garbage = nodeFolder(2, 18702, null);
        Files.writeString(garbage.pidFile(), "garbage");
        ClusterNode never = nodeFolder(3, 18703, null);

        assertEquals(stderr(), 0, run("stop", "--dir", dir.toString()));

        assertEquals("stopped 0 nodes\n", stdout());
        assertTrue(stderr(), stderr().contains("node-0 was not running; removed its stale pid file\n"));
        assertTrue(stderr(), stderr().contains("node-1 was not running (pid " + other.pid()
                + " is another program now); removed its stale pid file\n"));
        assertTrue(stderr(), stderr().contains("node-2 was not running; removed its stale pid file\n"));
        assertFalse(stderr(), stderr().contains("node-3"));
        for (ClusterNode node : List.of(gone, reused, garbage, never)) {
            assertFalse(node.name(), Files.exists(node.pidFile()));
            assertTrue(node.name(), Files.isDirectory(node.data()));
        }
        assertTrue("a process that is not a node must never be signalled", other.isAlive());
    }

    @Test
    public void stopTerminatesTheRunningNodesAndRemovesTheirPidFiles() throws Exception {
        Process first = sleeper();
        Process second = sleeper();
        nodeFolder(0, 18700, first.pid());
        nodeFolder(1, 18701, second.pid());
        nodeFolder(2, 18702, deadPid());
        Predicate<ProcessHandle> sleepers = p -> p.pid() == first.pid() || p.pid() == second.pid();

        assertEquals(stderr(), 0, run(sleepers, Map.of(), "stop", "--dir", dir.toString()));

        assertEquals("stopped 2 nodes\n", stdout());
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        assertTrue(second.waitFor(10, TimeUnit.SECONDS));
        assertEquals("killed by SIGTERM", 128 + 15, first.exitValue());
        try (var pids = Files.list(dir)) {
            assertTrue(pids.noneMatch(node -> Files.exists(node.resolve("pid"))));
        }
    }

    @Test
    public void stopOfAnEmptyOrMissingFolderStopsNothing() {
        assertEquals(0, run("stop", "--dir", dir.toString()));
        assertEquals("stopped 0 nodes\n", stdout());
    }

    @Test
    public void statusShowsTheNodesThatAnswerAndTheOnesDown() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        servers.add(() -> server.stop(0));
        int port = server.getAddress().getPort();
        server.createContext("/core/status", exchange -> {
            byte[] body = STATUS.formatted(port, port).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        });
        server.start();
        Process running = sleeper();
        nodeFolder(0, port, running.pid());
        int silent = freePorts();
        nodeFolder(1, silent, deadPid());
        Predicate<ProcessHandle> isRunning = p -> p.pid() == running.pid();

        assertEquals(stderr(), 0, run(isRunning, Map.of(), "status", "--dir", dir.toString()));

        String[] lines = stdout().split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[0], lines[0].matches("NODE +PORT +PID +STATE +DEPLOYMENT +MODULES"));
        assertTrue(lines[1], lines[1].matches("node-0 +" + port + " +" + running.pid() + " +up"
                + " +1795000000000-0-node.0 +io.grapevine.example.counter@1.0.0\\(running\\)"));
        assertTrue(lines[2], lines[2].matches("node-1 +" + silent + " +[0-9]+ \\(gone\\) +down +- +-"));
        assertEquals("1/2 nodes up, 1 deployment in use", lines[3]);
        assertEquals("", stderr());

        out.reset();
        assertEquals(stderr(), 0, run(isRunning, Map.of(), "status", "--json", "--dir", dir.toString()));
        JsonArray json = JsonParser.parseString(stdout()).getAsJsonArray();
        assertEquals("node-0", json.get(0).getAsJsonObject().get("node").getAsString());
        assertEquals("node.0", json.get(0).getAsJsonObject().get("nodeId").getAsString());
        assertEquals(silent, json.get(1).getAsJsonObject().get("port").getAsInt());
        assertFalse(json.get(1).getAsJsonObject().get("up").getAsBoolean());
        assertEquals("1/2 nodes up, 1 deployment in use\n", stderr());
    }

    @Test
    public void statusWithoutNodesSaysHowToStartThem() {
        assertEquals(1, run("status", "--dir", dir.toString()));
        assertEquals("grapevine-cluster: no nodes in " + dir + " (start them with: grapevine-cluster start --dir "
                + dir + ")\n", stderr());
    }

    @Test
    public void startRefusesATakenPortAndStartsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertEquals(2, run("start", "1", "--base-port", Integer.toString(port), "--dir", dir.toString()));
            assertEquals("grapevine-cluster: port " + port + " (node-0) is taken on 127.0.0.1; choose another"
                    + " --base-port\n", stderr());
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    public void startRefusesAFolderWithRunningNodes() throws Exception {
        Process running = sleeper();
        nodeFolder(1, 18701, running.pid());
        nodeFolder(0, 18700, deadPid());

        assertEquals(2, run(p -> p.pid() == running.pid(), Map.of(), "start", "2", "--base-port",
                Integer.toString(freePorts()), "--dir", dir.toString()));

        assertEquals("grapevine-cluster: " + dir + " already has running nodes: node-1 (pid " + running.pid()
                + "); stop them first with: grapevine-cluster stop --dir " + dir + "\n", stderr());
        assertTrue(running.isAlive());
    }

    @Test
    public void startWithoutALauncherFails() throws Exception {
        assertEquals(1, run("start", "1", "--base-port", Integer.toString(freePorts()), "--dir", dir.toString()));
        assertEquals("grapevine-cluster: no node launcher at " + home.resolve("bin/grapevine")
                + " (grapevine.home must be the Grapevine folder)\n", stderr());
    }

    /**
     * node-0's launcher prints its arguments and environment and fails; node-1's waits. The start
     * reports node-0 with the end of its log, stops node-1 and leaves no pid file.
     */
    @Test
    public void aNodeThatExitsEndsTheStartWithItsLogAndTheOthersStopped() throws Exception {
        int port = freePorts();
        Path launcher = home.resolve("bin/grapevine");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, """
                #!/bin/sh
                if [ "$2" = "%d" ]; then
                  echo "args: $*"
                  echo "JAVA_OPTS: $JAVA_OPTS"
                  echo "admin password: $GRAPEVINE_ADMIN_PASSWORD" >&2
                  exit 3
                fi
                exec sleep 600
                """.formatted(port));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("JAVA_OPTS", "-Xmx64m");
        env.put(Ctl.PASSWORD_VARIABLE, "s3cret");

        assertEquals(stderr(), 1, run(ClusterProcesses::runsANode, env, "start", "2", "--base-port",
                Integer.toString(port), "--dir", dir.toString(), "--java-opts", "-Da=b", "--timeout", "60"));

        Path absolute = dir.toAbsolutePath();
        assertTrue(stderr(), stderr().startsWith("waiting for nodes: 0/2 up\n"));
        assertTrue(stderr(), stderr().contains("grapevine-cluster: node-0 exited with code 3 before answering;"
                + " last lines of " + absolute.resolve("node-0/node.log") + ":\n"
                + "    ---- "));
        assertTrue(stderr(), stderr().contains(" grapevine-cluster starts node-0: " + launcher + " --port " + port
                + " --data " + absolute.resolve("node-0/data") + " --node-id node.0 --rendezvous 127.0.0.1:" + port
                + "\n    args: --port " + port + " --data " + absolute.resolve("node-0/data") + " --node-id node.0"
                + " --rendezvous 127.0.0.1:" + port + "\n"
                + "    JAVA_OPTS: -Xmx64m -Da=b\n"
                + "    admin password: s3cret\n"));
        assertTrue(stderr(), stderr().endsWith("grapevine-cluster: stopping the 2 nodes started\n"));
        assertFalse(stderr(), stderr().contains("node-1 exited"));
        assertEquals("", stdout());
        assertFalse(Files.exists(absolute.resolve("node-0/pid")));
        assertFalse(Files.exists(absolute.resolve("node-1/pid")));
        assertTrue(Files.readString(absolute.resolve("node-1/node.log")).contains(
                "grapevine-cluster starts node-1: " + launcher + " --port " + (port + 1)));
        assertEquals("node-1 is stopped", List.of(), ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive).toList());
    }
}
