package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
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
import java.net.Socket;
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
 * Runs the whole tool in this JVM against real processes that stand in for nodes: {@code sleep}
 * (recognised as a node through the predicate the tool is given), {@link FakeNode} (its own JVM,
 * binding its port and answering {@code /core/status} as a node does), a tiny HTTP server on
 * loopback, and fake {@code bin/grapevine} scripts that fail. Real nodes run the same commands in
 * itest's {@code ClusterToolTest}. Ports come from {@link TestPorts}, and a start that another
 * process beat to a port is tried again on other ports.
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
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            child.destroyForcibly();
            child.onExit().get(30, TimeUnit.SECONDS); // the nodes the tool started and a test left running
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
        ClusterLayout.writeProperties(node, new ClusterLayout.Settings("127.0.0.1:" + (port - index), ""));
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

    /** The first of {@code count} ports free now (nothing listens there: a probe finds it down). */
    private static int freePorts(int count) throws IOException {
        try (TestPorts.Block block = TestPorts.reserve(count)) {
            return block.base();
        }
    }

    /**
     * {@code start N --base-port P --dir D more...} on free ports P..P+N-1; on other ports again
     * when another process took one first (the refusal, exit 2, says "taken"; the tool then started
     * nothing, or stopped what it started). Returns the exit code; {@link #basePort} is P.
     */
    private int startOnFreePorts(Predicate<ProcessHandle> runsANode, Map<String, String> env, int nodes,
            String... more) throws IOException {
        for (int attempt = 1; ; attempt++) {
            basePort = freePorts(nodes);
            out.reset();
            err.reset();
            List<String> args = new ArrayList<>(List.of("start", Integer.toString(nodes), "--base-port",
                    Integer.toString(basePort), "--dir", dir.toString()));
            args.addAll(List.of(more));
            int code = run(runsANode, env, args.toArray(String[]::new));
            if (code != 2 || !stderr().contains("taken") || attempt == 5) {
                return code;
            }
        }
    }

    private int basePort;

    /** The pid {@code start} printed for the node: {@code node-<i>  http://...  pid <pid>}. */
    private long printedPid(int index) {
        for (String line : stdout().split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("node-" + index)) {
                return Long.parseLong(words[3]);
            }
        }
        throw new AssertionError("node-" + index + " not in: " + stdout());
    }

    /** The node's status as the tool's HTTP client gets it. */
    private static ClusterProbe.Answer ask(ClusterNode node) {
        return new ClusterProbe().status(List.of(node)).get(node);
    }

    @Test
    public void helpPrintsTheUsageAndExits0() {
        assertEquals(0, run("--help"));
        assertEquals(ClusterArguments.USAGE, stdout());
        assertEquals("", stderr());
    }

    @Test
    public void aBadCommandLineIsOneLineAndExit2() {
        assertEquals(2, run("launch"));
        assertEquals("grapevine-cluster: unknown command 'launch' (see --help)\n", stderr());
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
    public void statusShowsTheNodesThatAnswerAsThemselvesAndTheOthersDown() throws Exception {
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
        // Bound but not listening: connections to it are refused for as long as the test holds it.
        Socket silent = new Socket();
        servers.add(silent);
        silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        nodeFolder(1, silent.getLocalPort(), deadPid());
        // node-2's port is node-0's server: whatever answers there as node.0 is not node-2.
        nodeFolder(2, port, null);
        Predicate<ProcessHandle> isRunning = p -> p.pid() == running.pid();

        assertEquals(stderr(), 0, run(isRunning, Map.of(), "status", "--dir", dir.toString()));

        String[] lines = stdout().split("\n");
        assertEquals(5, lines.length);
        assertTrue(lines[0], lines[0].matches("NODE +PORT +PID +STATE +DEPLOYMENT +MODULES"));
        assertTrue(lines[1], lines[1].matches("node-0 +" + port + " +" + running.pid() + " +up"
                + " +1795000000000-0-node.0 +io.grapevine.example.counter@1.0.0\\(running\\)"));
        assertTrue(lines[2], lines[2].matches("node-1 +" + silent.getLocalPort() + " +[0-9]+ \\(gone\\) +down +- +-"));
        assertTrue(lines[3], lines[3].matches("node-2 +" + port + " +- +down +- +-"));
        assertEquals("1/3 nodes up, 1 deployment in use", lines[4]);
        assertEquals("", stderr());

        out.reset();
        assertEquals(stderr(), 0, run(isRunning, Map.of(), "status", "--json", "--dir", dir.toString()));
        JsonArray json = JsonParser.parseString(stdout()).getAsJsonArray();
        assertEquals("node-0", json.get(0).getAsJsonObject().get("node").getAsString());
        assertEquals("node.0", json.get(0).getAsJsonObject().get("nodeId").getAsString());
        assertEquals(silent.getLocalPort(), json.get(1).getAsJsonObject().get("port").getAsInt());
        assertFalse(json.get(1).getAsJsonObject().get("up").getAsBoolean());
        assertFalse(json.get(2).getAsJsonObject().has("nodeId"));
        assertEquals("1/3 nodes up, 1 deployment in use\n", stderr());
    }

    @Test
    public void statusWithoutNodesSaysHowToStartThem() {
        assertEquals(1, run("status", "--dir", dir.toString()));
        assertEquals("grapevine-cluster: no nodes in " + dir + " (start them with: grapevine-cluster start --dir "
                + dir + ")\n", stderr());
    }

    @Test
    public void startRefusesAPortTakenByAnotherProcessAndStartsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertEquals(2, run("start", "1", "--base-port", Integer.toString(port), "--dir", dir.toString()));
            assertEquals("grapevine-cluster: port " + port + " (node-0) is taken by another process; free it or"
                    + " choose another --base-port\n", stderr());
        }
        assertFalse(Files.exists(dir));
    }

    /** Two stand-in nodes; node-1 is killed; the same start brings node-1 back and leaves node-0 be. */
    @Test
    public void startStartsTheNodesThatAreNotRunningAndLeavesTheOthersAlone() throws Exception {
        FakeNode.install(home);
        assertEquals(stderr(), 0, startOnFreePorts(FakeNode::isOne, Map.of(Ctl.PASSWORD_VARIABLE, "x"), 2));
        long first = printedPid(0);
        ProcessHandle crashed = ProcessHandle.of(printedPid(1)).orElseThrow();
        crashed.destroyForcibly();
        crashed.onExit().get(30, TimeUnit.SECONDS);

        out.reset();
        err.reset();
        assertEquals(stderr(), 0, run(FakeNode::isOne, Map.of(Ctl.PASSWORD_VARIABLE, "x"), "start", "2",
                "--base-port", Integer.toString(basePort), "--dir", dir.toString()));

        assertEquals("waiting for nodes: 0/1 up\nwaiting for nodes: 1/1 up\n", stderr());
        assertTrue(stdout(), stdout().startsWith("node-0  http://127.0.0.1:" + basePort + "  pid " + first
                + "  (already running)\nnode-1  http://127.0.0.1:" + (basePort + 1) + "  pid "));
        long second = printedPid(1);
        assertNotEquals(crashed.pid(), second);
        assertTrue("node-0 was left alone", ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false));
        ClusterNode node1 = new ClusterNode(1, basePort + 1, dir.toAbsolutePath().resolve("node-1"));
        assertEquals(Long.valueOf(second), ClusterLayout.readPid(node1));
        assertTrue(ask(node1).isFrom(node1));

        out.reset();
        err.reset();
        assertEquals(stderr(), 0, run(FakeNode::isOne, Map.of(Ctl.PASSWORD_VARIABLE, "x"), "start", "2",
                "--base-port", Integer.toString(basePort), "--dir", dir.toString()));
        assertEquals("all running: nothing to wait for", "", stderr());
        assertTrue(stdout(), stdout().contains("pid " + second + "  (already running)"));
    }

    @Test
    public void startRefusesRunningNodesOnOtherPortsThanItsBasePortGives() throws Exception {
        Process running = sleeper();
        nodeFolder(1, 18701, running.pid());
        nodeFolder(0, 18700, deadPid());
        int other = freePorts(2);

        assertEquals(2, run(p -> p.pid() == running.pid(), Map.of(), "start", "2", "--base-port",
                Integer.toString(other), "--dir", dir.toString()));

        assertEquals("grapevine-cluster: " + dir + " has running nodes on other ports than --base-port " + other
                + " gives: node-1 (pid " + running.pid() + ") on port 18701, as --base-port 18700 gives; give their"
                + " --base-port, or stop them first with: grapevine-cluster stop --dir " + dir + "\n", stderr());
        assertTrue(running.isAlive());
    }

    @Test
    public void startWithoutALauncherFails() throws Exception {
        assertEquals(1, run("start", "1", "--base-port", Integer.toString(freePorts(1)), "--dir", dir.toString()));
        assertEquals("grapevine-cluster: no node launcher at " + home.resolve("bin/grapevine")
                + " (grapevine.home must be the Grapevine folder)\n", stderr());
    }

    /**
     * node-0's launcher prints its arguments and environment and fails; node-1's waits. The start
     * reports node-0 with the end of its log, stops node-1 and leaves no pid file.
     */
    @Test
    public void aNodeThatExitsEndsTheStartWithItsLogAndTheOthersStopped() throws Exception {
        Path launcher = home.resolve("bin/grapevine");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, """
                #!/bin/sh
                if [ "$6" = "node.0" ]; then
                  echo "args: $*"
                  echo "JAVA_OPTS: $JAVA_OPTS"
                  echo "admin password: $GRAPEVINE_ADMIN_PASSWORD" >&2
                  exit 4
                fi
                exec sleep 600
                """);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("JAVA_OPTS", "-Xmx64m");
        env.put(Ctl.PASSWORD_VARIABLE, "s3cret");

        assertEquals(stderr(), 1, startOnFreePorts(ClusterProcesses::runsANode, env, 2, "--java-opts", "-Da=b",
                "--timeout", "60"));

        int port = basePort;
        Path absolute = dir.toAbsolutePath();
        assertTrue(stderr(), stderr().startsWith("waiting for nodes: 0/2 up\n"));
        assertTrue(stderr(), stderr().contains("grapevine-cluster: node-0 exited with code 4 before answering;"
                + " last lines of " + absolute.resolve("node-0/node.log") + ":\n"
                + "    ---- "));
        assertTrue(stderr(), stderr().contains(" grapevine-cluster starts node-0: " + launcher + " --port " + port
                + " --data " + absolute.resolve("node-0/data") + " --node-id node.0 --rendezvous 127.0.0.1:" + port
                + " --trust " + absolute.resolve("trust.json") + " --deployer-key " + absolute.resolve("deployer.key")
                + " --cluster-key " + absolute.resolve("cluster.key") + "\n    args: --port " + port + " --data " + absolute.resolve("node-0/data") + " --node-id node.0"
                + " --rendezvous 127.0.0.1:" + port + " --trust " + absolute.resolve("trust.json") + " --deployer-key "
                + absolute.resolve("deployer.key") + " --cluster-key " + absolute.resolve("cluster.key") + "\n"
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

    /**
     * A node whose port another process takes between the tool's check and the node's bind exits
     * 3 (as bin/grapevine does): the start is a refusal (exit 2) that says so, not a failure.
     */
    @Test
    public void aPortTakenWhileTheNodeStartsIsARefusal() throws Exception {
        Path launcher = home.resolve("bin/grapevine");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/bin/sh\necho \"grapevine: port $2 is taken by another process\"\nexit 3\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = freePorts(1);

        assertEquals(stderr(), 2, run("start", "1", "--base-port", Integer.toString(port), "--dir", dir.toString()));

        assertTrue(stderr(), stderr().contains("grapevine-cluster: node-0 could not listen: another process took port "
                + port + " while it started; last lines of "));
        assertTrue(stderr(), stderr().contains("\n    grapevine: port " + port + " is taken by another process\n"));
        assertTrue(stderr(), stderr().endsWith("grapevine-cluster: stopping the 1 node started\n"));
    }

    /**
     * Two stand-in nodes started with JVM options; restarting node-1 stops it (SIGTERM), starts it
     * again on its port with its rendezvous and JVM options, and leaves node-0 alone.
     */
    @Test
    public void restartStopsTheNodeAndStartsItAgainAsItsLastStartDid() throws Exception {
        FakeNode.install(home);
        assertEquals(stderr(), 0, startOnFreePorts(FakeNode::isOne, Map.of(Ctl.PASSWORD_VARIABLE, "x"), 2,
                "--rendezvous", "2", "--java-opts", "-Dgrapevine.history.limit=7"));
        long first = printedPid(0);
        ProcessHandle old = ProcessHandle.of(printedPid(1)).orElseThrow();
        out.reset();
        err.reset();

        assertEquals(stderr(), 0, run(FakeNode::isOne, Map.of(Ctl.PASSWORD_VARIABLE, "x"), "restart", "node-1",
                "--dir", dir.toString()));

        assertEquals("grapevine-cluster: stopping node-1 (pid " + old.pid() + ")\n"
                + "waiting for nodes: 0/1 up\nwaiting for nodes: 1/1 up\n", stderr());
        assertFalse(old.isAlive());
        long restarted = printedPid(1);
        assertEquals("node-1  http://127.0.0.1:" + (basePort + 1) + "  pid " + restarted + "\n", stdout());
        assertTrue("node-0 was left alone", ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false));
        ClusterNode node1 = new ClusterNode(1, basePort + 1, dir.toAbsolutePath().resolve("node-1"));
        assertTrue(ask(node1).isFrom(node1));
        String log = Files.readString(node1.log());
        String command = "grapevine-cluster starts node-1: " + home.resolve("bin/grapevine") + " --port " + (basePort + 1)
                + " --data " + node1.data() + " --node-id node.1 --rendezvous 127.0.0.1:" + basePort + ",127.0.0.1:"
                + (basePort + 1) + " --trust " + dir.toAbsolutePath().resolve("trust.json") + " --deployer-key "
                + dir.toAbsolutePath().resolve("deployer.key") + " --cluster-key "
                + dir.toAbsolutePath().resolve("cluster.key") + "\n";
        assertTrue(log, log.indexOf(command) < log.lastIndexOf(command));
        assertTrue(log, log.substring(log.lastIndexOf(command)).contains("JAVA_OPTS: -Dgrapevine.history.limit=7\n"));
    }

    @Test
    public void restartOfANodeThatIsNotRunningStartsIt() throws Exception {
        FakeNode.install(home);
        assertEquals(stderr(), 0, startOnFreePorts(FakeNode::isOne, Map.of(Ctl.PASSWORD_VARIABLE, "x"), 1));
        out.reset();
        err.reset();
        assertEquals(stderr(), 0, run(FakeNode::isOne, Map.of(Ctl.PASSWORD_VARIABLE, "x"), "stop", "--dir",
                dir.toString()));
        out.reset();

        assertEquals(stderr(), 0, run(FakeNode::isOne, Map.of(Ctl.PASSWORD_VARIABLE, "x"), "restart", "0",
                "--dir", dir.toString()));

        assertTrue(stderr(), stderr().startsWith("grapevine-cluster: note: node-0 was not running; starting it\n"));
        assertTrue(stdout(), stdout().startsWith("node-0  http://127.0.0.1:" + basePort + "  pid "));
    }

    @Test
    public void restartOfANodeTheFolderDoesNotHaveIsRefused() throws Exception {
        nodeFolder(0, 18700, null);
        nodeFolder(1, 18701, null);
        assertEquals(2, run("restart", "node-4", "--dir", dir.toString()));
        assertEquals("grapevine-cluster: no node-4 in " + dir.toAbsolutePath() + " (it has node-0, node-1)\n", stderr());
    }
}
