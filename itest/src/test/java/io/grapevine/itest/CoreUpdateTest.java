package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.ClusterTrust;
import io.grapevine.itest.support.CoreJars;
import io.grapevine.itest.support.FakePeer;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import io.grapevine.itest.support.Nodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Issue [N] on five real nodes: a new core deployed at one node runs on all of them, in a cluster
 * that then runs two core versions at once; broken cores are reverted everywhere and a rollback
 * clears that; a core without the trust root's signatures never runs.
 */
public class CoreUpdateTest {
    private static final Duration CONVERGE = Duration.ofSeconds(120);
    /** Generous: five nodes restart at once on a shared 2-core machine, and a broken core has its whole probation. */
    private static final Duration SWITCH = Duration.ofSeconds(300);
    private static final String COUNTER = "io.grapevine.example.counter";

    @Test
    public void aNewCoreDeployedAtOneNodeRunsOnAllFiveModulesKeepTheirStateAndTwoCoreVersionsShareACluster()
            throws Exception {
        byte[] shipped = CoreJars.shipped();
        byte[] v2 = CoreJars.version("0.2.0.itest");
        String old = CoreJars.sha256(shipped).substring(0, 12);
        String next = CoreJars.sha256(v2).substring(0, 12);
        try (Nodes cluster = Nodes.start("core-v2", 5, List.of(List.of()))) {
            String d1 = created(cluster.get(0).deploy(ModuleJars.counter(1)));
            cluster.awaitAllOn(d1, CONVERGE);
            Map<NodeProcess, Long> before = new HashMap<>();
            for (NodeProcess node : cluster.all()) {
                assertEquals("good " + old + " " + CoreJars.versionOf(shipped), core(node));
                before.put(node, count(node));
            }
            List<SwitchWatch> watches = new ArrayList<>();
            for (NodeProcess node : cluster.all()) {
                watches.add(new SwitchWatch(node, old, next));
            }
            long start = System.nanoTime();
            String d2 = created(cluster.get(2).deploy(v2));
            Await.until("every node on core v2 after its probation", SWITCH, () -> whileSwitching(() -> {
                for (NodeProcess node : cluster.all()) {
                    if (!core(node).equals("good " + next + " 0.2.0.itest") || !d2.equals(node.deployment())
                            || !counterRunning(node)) {
                        return null;
                    }
                }
                return true;
            }));
            long allGood = (System.nanoTime() - start) / 1_000_000;
            long allServing = 0;
            for (int i = 0; i < watches.size(); i++) {
                SwitchWatch watch = watches.get(i);
                watch.close();
                allServing = Math.max(allServing, (watch.firstNew - start) / 1_000_000);
                System.out.println("[measure] core switch on node " + i + ": modules down " + watch.downtimeMs()
                        + " ms (last answer of the old core to the first of v2 with the counter running)");
            }
            System.out.println("[measure] core v2 deployed at node 2: all 5 nodes serve their modules on v2 after "
                    + allServing + " ms, all 5 passed probation after " + allGood + " ms");
            for (NodeProcess node : cluster.all()) {
                assertTrue("the counter went on from its count on " + node.address(), count(node) >= before.get(node));
                JsonObject counter = node.modules().get(0).getAsJsonObject();
                assertEquals("kept", counter.get("stateHandover").getAsString());
                assertTrue(Files.isRegularFile(node.data().resolve("core/good.jar")));
            }

            // Two core versions in one cluster: node 4 goes back to the shipped core, as after a failed
            // probation of v2 there, and changes made on either version reach the other.
            NodeProcess older = cluster.get(4);
            older.stop();
            Files.writeString(older.data().resolve("core/state.properties"), "shipped=" + CoreJars.sha256(shipped)
                    + "\nbad=" + CoreJars.sha256(v2) + "\nreverted=" + next + " made by the test\n");
            older.restart();
            assertEquals("reverted " + next + " made by the test", core(older));
            String d3 = created(older.deploy(ModuleJars.counter(2)));
            cluster.awaitAllOn(d3, CONVERGE);
            String d4 = created(cluster.get(1).rollback(d1));
            cluster.awaitAllOn(d4, CONVERGE);
            Await.until("the revert cleared by the rollback", CONVERGE, () -> whileSwitching(() ->
                    core(older).equals("good " + old + " " + CoreJars.versionOf(shipped)) ? true : null));
            for (NodeProcess node : cluster.all()) {
                assertEquals("1.0.0", counterVersion(node));
                assertTrue(core(node), core(node).startsWith(node == older ? "good " + old : "good " + next));
            }
        }
    }

    @Test
    public void brokenCoresAreRevertedOnEveryNodeWhichKeepsItsModulesAndARollbackClearsThat() throws Exception {
        byte[] throwing = CoreJars.throwingOnActivation("0.3.0.throws");
        byte[] silent = CoreJars.neverGossiping("0.4.0.silent");
        String good = CoreJars.sha256(CoreJars.shipped()).substring(0, 12);
        try (Nodes cluster = Nodes.start("core-broken", 5, List.of(List.of()), List.of("--core-probation-ms", "30000"))) {
            String d1 = created(cluster.get(0).deploy(ModuleJars.counter(1)));
            cluster.awaitAllOn(d1, CONVERGE);

            String d2 = created(cluster.get(1).deploy(throwing));
            awaitEveryNode(cluster, d2, "reverted " + CoreJars.sha256(throwing).substring(0, 12)
                    + " no answer to /core/status within 30 s");
            assertModulesRunAndTheConsoleShows(cluster, "reverted " + CoreJars.sha256(throwing).substring(0, 12));
            assertEveryRosterShowsTheRevert(cluster, "reverted " + CoreJars.sha256(throwing).substring(0, 12));
            String d3 = created(cluster.get(3).rollback(d1));
            awaitEveryNode(cluster, d3, "good " + good + " ");

            String d4 = created(cluster.get(4).deploy(silent));
            awaitEveryNode(cluster, d4, "reverted " + CoreJars.sha256(silent).substring(0, 12)
                    + " no core gossip exchange with a peer within 30 s");
            assertModulesRunAndTheConsoleShows(cluster, "reverted " + CoreJars.sha256(silent).substring(0, 12));
            String d5 = created(cluster.get(0).rollback(d3));
            awaitEveryNode(cluster, d5, "good " + good + " ");

            // Found bad, never tried again: deployed anew, the throwing core restarts no node.
            Map<NodeProcess, Long> uptime = new HashMap<>();
            for (NodeProcess node : cluster.all()) {
                uptime.put(node, node.status().get("uptimeMs").getAsLong());
            }
            String d6 = created(cluster.get(2).deploy(throwing));
            cluster.awaitAllOn(d6, CONVERGE);
            for (NodeProcess node : cluster.all()) {
                assertTrue("no restart on " + node.address(), node.status().get("uptimeMs").getAsLong() > uptime.get(node));
                assertTrue(core(node), core(node).startsWith("good " + good + " "));
            }
        }
    }

    @Test
    public void aCoreNotSignedByTheTrustThresholdIsNeverRun() throws Exception {
        byte[] v2 = CoreJars.version("0.5.0.untrusted");
        String sha = CoreJars.sha256(v2);
        String good = "good " + CoreJars.sha256(CoreJars.shipped()).substring(0, 12) + " ";
        try (Nodes cluster = Nodes.start("core-untrusted", 5, List.of(List.of("-Dgrapevine.gossip.interval.ms=1000")));
                FakePeer attacker = new FakePeer(false)) {
            String d1 = created(cluster.get(0).deploy(ModuleJars.counter(1)));
            cluster.awaitAllOn(d1, CONVERGE);
            attacker.serveBundle(sha, v2);
            Configuration current = CanonicalJson.read(cluster.get(1).getJson("/core/config").toString());
            long now = System.currentTimeMillis();
            DeploymentNumber number = new DeploymentNumber(now + 1_000, 0, "evil");
            List<ModuleEntry> modules = new ArrayList<>(current.modules());
            modules.add(new ModuleEntry(ModuleEntry.CORE, sha, v2.length, "0.5.0.untrusted", number));
            Configuration evil = new Configuration(number, modules).terms(1, now + 600_000);
            DeployerKey stranger = DeployerKey.generate();
            Map<NodeProcess, Long> heard = new HashMap<>();
            for (NodeProcess node : cluster.all()) {
                assertRefused(node, attacker, evil, "unsigned");
                assertRefused(node, attacker, evil.signedBy(stranger.sign(evil)), "bad-signature");
                HttpResponse<String> submitted = Http.send(HttpRequest.newBuilder(URI.create(node.url("/core/deployments")))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                CanonicalJson.write(evil.signedBy(stranger.sign(evil))))), null, null);
                assertEquals(submitted.body(), 403, submitted.statusCode());
                heard.put(node, Nodes.metric(node, "grapevine_core_messages_received_total"));
            }
            // Gossip went on after the refusals (a core would have switched by now): still nothing ran.
            Await.until("a few more gossip rounds", CONVERGE, () -> {
                for (NodeProcess node : cluster.all()) {
                    if (Nodes.metric(node, "grapevine_core_messages_received_total") < heard.get(node) + 5) {
                        return null;
                    }
                }
                return true;
            });
            for (NodeProcess node : cluster.all()) {
                assertTrue(core(node), core(node).startsWith(good));
                assertEquals(d1, node.deployment());
                assertFalse(Files.exists(node.data().resolve("core/candidate.jar")));
                assertFalse(Files.exists(node.data().resolve("bundles/" + sha + ".jar")));
                assertFalse(Files.readString(node.log()).contains("switching to core"));
            }
        }
    }

    @Test
    public void aCandidateTheProcessDiesInTwiceIsRevertedAtTheNextStart() throws Exception {
        byte[] throwing = CoreJars.throwingOnActivation("0.6.0.dies");
        String sha = CoreJars.sha256(throwing);
        // A probation longer than the test: only the deaths decide.
        try (NodeProcess node = NodeProcess.start("core-dies", List.of("--core-probation-ms", "600000"), List.of())) {
            created(node.deploy(ModuleJars.counter(1)));
            String d2 = created(node.deploy(throwing));
            for (int boot = 1; boot <= 2; boot++) {
                String attempts = "attempts=" + boot;
                Await.until("boot " + boot + " of the candidate", CONVERGE, () -> {
                    String state = Files.readString(node.data().resolve("core/state.properties"));
                    return state.contains("candidate=" + sha) && state.contains(attempts) ? true : null;
                });
                node.kill();
                if (boot == 1) {
                    node.spawnAgain();
                }
            }
            node.restart();
            assertEquals("reverted " + sha.substring(0, 12) + " the process died 2 times during probation", core(node));
            Await.until("the counter running on the known-good core, its configuration applied", CONVERGE,
                    () -> counterRunning(node) && d2.equals(node.deployment()) ? true : null);
            assertTrue(Files.readString(node.data().resolve("core/state.properties")).contains("bad=" + sha));
        }
    }

    /** Waits until every node applied {@code deployment}, runs the counter and its core line starts so. */
    private static void awaitEveryNode(Nodes cluster, String deployment, String coreLine) {
        Await.until("every node on " + deployment + " with core " + coreLine, SWITCH, () -> whileSwitching(() -> {
            for (NodeProcess node : cluster.all()) {
                if (!core(node).startsWith(coreLine) || !deployment.equals(node.deployment()) || !counterRunning(node)) {
                    return null;
                }
            }
            return true;
        }));
    }

    /**
     * {@code poll}'s answer, or null (not yet) while a node switches cores: its framework restarts,
     * so for a moment its port is closed or Jetty answers 404 before the core is back.
     */
    private static Boolean whileSwitching(java.util.concurrent.Callable<Boolean> poll) throws Exception {
        try {
            return poll.call();
        } catch (java.io.IOException | AssertionError e) {
            return null;
        }
    }

    /** Cluster-wide: each node's roster shows every other node's revert, as gossip told it. */
    private static void assertEveryRosterShowsTheRevert(Nodes cluster, String reverted) {
        for (NodeProcess node : cluster.all()) {
            Await.until("the roster of " + node.address() + " showing every node's revert", CONVERGE, () -> {
                int shown = 0;
                for (JsonElement member : node.status().getAsJsonArray("roster")) {
                    JsonElement line = member.getAsJsonObject().get("coreReverted");
                    shown += line != null && !line.isJsonNull() && line.getAsString().equals(reverted) ? 1 : 0;
                }
                return shown == cluster.all().size() ? true : null;
            });
        }
    }

    private static void assertModulesRunAndTheConsoleShows(Nodes cluster, String reverted) throws Exception {
        for (NodeProcess node : cluster.all()) {
            long count = count(node);
            Await.until("the counter counting on " + node.address(), CONVERGE, () -> count(node) > count ? true : null);
            node.awaitConsole(); // the revert restarted the framework: the console registers again after the core
            String page = Http.get(node.url("/system/console/grapevine"), "admin", NodeProcess.PASSWORD).body();
            assertTrue(page, page.contains("<p class='statline' id='grapevine-core'>Core: <span class='grapevine-warning'"));
            assertTrue(page, page.contains(">" + reverted + " "));
        }
    }

    private static void assertRefused(NodeProcess node, FakePeer from, Configuration config, String reason)
            throws Exception {
        String body = "{\"from\":\"" + from.address() + "\",\"config\":" + CanonicalJson.write(config)
                + ",\"trust\":1,\"hints\":[]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = Http.send(ClusterTrust.get().asPeer(HttpRequest.newBuilder(
                URI.create(node.url("/core/gossip"))), "POST", "/core/gossip", from.address(), bytes)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), null, null);
        assertEquals(answer.body(), 403, answer.statusCode());
        assertTrue(answer.body(), answer.body().contains(reason));
    }

    private static String core(NodeProcess node) throws Exception {
        JsonElement core = node.status().get("core");
        return core == null || core.isJsonNull() ? "" : core.getAsString();
    }

    private static boolean counterRunning(NodeProcess node) throws Exception {
        for (JsonElement module : node.modules()) {
            JsonObject m = module.getAsJsonObject();
            if (m.get("name").getAsString().equals(COUNTER) && m.get("state").getAsString().equals("running")) {
                return true;
            }
        }
        return false;
    }

    private static long count(NodeProcess node) throws Exception {
        return counter(node).get("count").getAsLong();
    }

    private static String counterVersion(NodeProcess node) throws Exception {
        return counter(node).get("version").getAsString();
    }

    private static JsonObject counter(NodeProcess node) throws Exception {
        HttpResponse<String> answer = Http.get(node.url("/" + COUNTER + "/value"));
        assertEquals(answer.body(), 200, answer.statusCode());
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }

    /**
     * Polls a node's status every 100 ms, from its own thread: when it last answered on the old core
     * and when it first answered on the new one with the counter running (its modules' downtime).
     */
    private static final class SwitchWatch implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final Thread thread;
        private volatile boolean done;
        volatile long lastOld;
        volatile long firstNew;

        SwitchWatch(NodeProcess node, String oldCore, String newCore) {
            thread = new Thread(() -> {
                while (!done && firstNew == 0) {
                    try {
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(node.url("/core/status")))
                                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                        long at = System.nanoTime();
                        JsonObject status = JsonParser.parseString(answer.body()).getAsJsonObject();
                        String core = status.get("core").getAsString();
                        if (core.contains(oldCore)) {
                            lastOld = at;
                        } else if (core.contains(newCore) && running(status)) {
                            firstNew = at;
                        }
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // down meanwhile: the next poll says when it is back
                    }
                }
            }, "switch-watch-" + node.port());
            thread.setDaemon(true);
            thread.start();
        }

        private static boolean running(JsonObject status) {
            for (JsonElement module : status.getAsJsonArray("modules")) {
                if (module.getAsJsonObject().get("state").getAsString().equals("running")) {
                    return true;
                }
            }
            return false;
        }

        long downtimeMs() {
            return (firstNew - lastOld) / 1_000_000;
        }

        @Override
        public void close() throws InterruptedException {
            done = true;
            thread.join(10_000);
        }
    }
}
