package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.After;
import org.junit.Test;

/**
 * {@code grapevine-ctl} waiting for a change to reach the cluster, against three tiny real HTTP
 * servers on loopback that play a node and the two peers it knows.
 */
public class CtlRolloutTest {
    private static final String OLD = "1795000000000-0-node.a";
    private static final String NEW = "1795000000500-0-node.a";
    private static final String NEWER = "1795000000900-2-node.c";

    private final List<HttpServer> servers = new ArrayList<>();
    private final AtomicInteger statusReads = new AtomicInteger();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @After
    public void stopNodes() {
        servers.forEach(server -> server.stop(0));
    }

    /**
     * A fake node whose {@code /core/status} says the deployment {@code deploymentAtPoll} gives for
     * the n-th status read of that node (from 0), and knows {@code peers}; it answers a deploy or
     * rollback with deployment {@link #NEW}.
     */
    private String node(IntFunction<String> deploymentAtPoll, List<String> peers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        servers.add(server);
        String address = "127.0.0.1:" + server.getAddress().getPort();
        AtomicInteger polls = new AtomicInteger();
        server.createContext("/core/status", exchange -> {
            statusReads.incrementAndGet();
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("address", address);
            status.put("deployment", deploymentAtPoll.apply(polls.getAndIncrement()));
            List<Map<String, Object>> hints = new ArrayList<>();
            for (String peer : peers) {
                hints.add(Map.of("address", peer, "deployment", OLD, "heardMsAgo", 100));
            }
            status.put("hints", hints);
            reply(exchange, 200, new Gson().toJson(status));
        });
        server.createContext("/core/rollback", exchange -> reply(exchange, 201, "{\"deployment\":\"" + NEW + "\"}"));
        server.start();
        return address;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(bytes);
        }
    }

    private int run(String... args) {
        return new Ctl(Map.of(Ctl.PASSWORD_VARIABLE, "s3cret"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), prompt -> null).run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void aRollbackWaitsUntilEveryKnownNodeRunsItAndShowsEachStep() throws Exception {
        String slow = node(poll -> poll < 3 ? OLD : NEW, List.of());
        String quick = node(poll -> poll < 1 ? OLD : NEW, List.of());
        String origin = node(poll -> NEW, List.of(quick, slow));

        assertEquals(stderr(), 0, run("--node", origin, "rollback", OLD));

        assertEquals("rolled back to " + OLD + " as deployment " + NEW + "\n"
                + "1/3 nodes on " + NEW + "\n"
                + "2/3 nodes on " + NEW + "\n"
                + "3/3 nodes on " + NEW + "\n", stdout());
        assertEquals("", stderr());
    }

    @Test
    public void aNodeAlreadyPastTheNewDeploymentCountsAsOnIt() throws Exception {
        String ahead = node(poll -> NEWER, List.of());
        String origin = node(poll -> NEW, List.of(ahead));

        assertEquals(stderr(), 0, run("--node", origin, "rollback", OLD));
        assertTrue(stdout(), stdout().endsWith("\n2/2 nodes on " + NEW + "\n"));
    }

    @Test
    public void onTimeoutItExitsOneNamingTheNodesBehindAndWhatTheyRun() throws Exception {
        String stuck = node(poll -> OLD, List.of());
        String empty = node(poll -> null, List.of());
        // Bound but not listening, and held to the end: connections to it are refused, and no other
        // process can listen there meanwhile (a port closed again could be anyone's by then).
        try (Socket gone = new Socket()) {
            gone.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String silent = "127.0.0.1:" + gone.getLocalPort();
            String origin = node(poll -> NEW, List.of(stuck, empty, silent));

            long start = System.nanoTime();
            assertEquals(1, run("--node", origin, "--timeout", "1", "rollback", OLD));

            assertTrue(System.nanoTime() - start < 10_000_000_000L);
            assertEquals("rolled back to " + OLD + " as deployment " + NEW + "\n1/4 nodes on " + NEW + "\n", stdout());
            assertEquals("grapevine-ctl: not every node runs " + NEW + " after 1 s; nodes behind: " + stuck + " (on "
                    + OLD + "), " + empty + " (no deployment), " + silent + " (no answer)\n", stderr());
        }
    }

    @Test
    public void noWaitReturnsAtOnceAndJsonKeepsProgressOffStdout() throws Exception {
        String origin = node(poll -> NEW, List.of());

        assertEquals(0, run("--node", origin, "--no-wait", "rollback", OLD));
        assertEquals(0, statusReads.get());
        assertEquals(0, run("--node", origin, "--json", "rollback", OLD));

        assertEquals("rolled back to " + OLD + " as deployment " + NEW + "\n{\"deployment\":\"" + NEW + "\"}\n", stdout());
        assertEquals("1/1 nodes on " + NEW + "\n", stderr());
    }

    private static final String CORE = "3f2a1b4c5d6e" + "0".repeat(52);

    /** A status as a node of a core rollout answers: {@code peer} in its roster, {@code core} its core line. */
    private static String coreStatus(String address, String peer, String core) {
        return new Gson().toJson(Map.of("address", address, "deployment", NEW, "core", core,
                "roster", List.of(Map.of("address", address, "state", "alive"), Map.of("address", peer, "state", "alive"))));
    }

    @Test
    public void aCoreRolloutWaitsUntilEveryNodeKeepsTheNewCore() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        PrintStream progress = new PrintStream(out, true, StandardCharsets.UTF_8);
        new Rollout(node -> node.getPort() == 1 ? coreStatus("h:1", "h:2", "good 3f2a1b4c5d6e 0.2.0")
                : coreStatus("h:2", "h:1", polls.getAndIncrement() < 2 ? "probation 3f2a1b4c5d6e 0.2.0"
                        : "good 3f2a1b4c5d6e 0.2.0"), progress, java.time.Duration.ZERO)
                .await(java.net.URI.create("http://h:1"), NEW, java.time.Duration.ofSeconds(30), false, CORE);
        assertEquals("1/2 nodes on " + NEW + " with core 3f2a1b4c5d6e\n2/2 nodes on " + NEW + " with core 3f2a1b4c5d6e\n",
                stdout());
    }

    @Test
    public void aCoreRevertedOnANodeFailsTheRolloutAtOnceNamingIt() {
        Rollout rollout = new Rollout(node -> node.getPort() == 1 ? coreStatus("h:1", "h:2", "good 3f2a1b4c5d6e 0.2.0")
                : coreStatus("h:2", "h:1", "reverted 3f2a1b4c5d6e no answer to /core/status within 60 s"),
                new PrintStream(out, true, StandardCharsets.UTF_8), java.time.Duration.ZERO);
        CtlFailure failure = org.junit.Assert.assertThrows(CtlFailure.class, () -> rollout.await(
                java.net.URI.create("http://h:1"), NEW, java.time.Duration.ofSeconds(30), false, CORE));
        assertEquals("core 3f2a1b4c5d6e failed its probation and was reverted on h:2 (on " + NEW + ", core reverted"
                + " 3f2a1b4c5d6e no answer to /core/status within 60 s); roll back to the deployment before it to clear"
                + " that", failure.getMessage());
    }

    @Test
    public void deploymentNumbersOrderAsNumbersNotAsText() {
        assertTrue(Rollout.reached(NEW, NEW));
        assertTrue(Rollout.reached("1795000000500-10-node.a", "1795000000500-9-node.a"));
        assertTrue(Rollout.reached("1795000000500-0-node.b", NEW));
        assertFalse(Rollout.reached("995000000500-0-node.z", NEW));
        assertFalse(Rollout.reached(OLD, NEW));
        assertFalse(Rollout.reached(null, NEW));
    }
}
