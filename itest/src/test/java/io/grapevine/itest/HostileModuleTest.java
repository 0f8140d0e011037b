package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertTrue;

import io.grapevine.itest.modules.HostileModule;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import io.grapevine.itest.support.Nodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Issue [J] on real nodes: a module on every node floods its peers, hangs in its handler and
 * spawns threads; the core still answers and a fix still spreads. The figures are printed as
 * {@code [measure]} lines (the README quotes them); the assertions are sanity bounds only.
 */
public class HostileModuleTest {
    private static final String NAME = "io.grapevine.test.hostile";

    @Test
    public void theCoreAnswersAndAFixSpreadsWhileAModuleOnEveryNodeFloodsHangsAndSpawnsThreads() throws Exception {
        try (Nodes cluster = Nodes.start("hostile", 5, List.of(List.of()))) {
            String bad = created(cluster.get(0).deploy(jar("1.0.0", "hostile")));
            cluster.awaitAllOn(bad, Duration.ofSeconds(60));
            for (NodeProcess node : cluster.all()) {
                Await.until("the flood refused at " + node.port(), Duration.ofSeconds(60), () ->
                        Nodes.metric(node, "grapevine_module_requests_refused_total{module=\"" + NAME + "\"}") > 100
                                ? true : null);
            }
            List<Long> latencies = new ArrayList<>();
            for (int round = 0; round < 40; round++) {
                for (NodeProcess node : cluster.all()) {
                    long start = System.nanoTime();
                    assertTrue(Http.get(node.url("/core/status")).statusCode() == 200);
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                }
            }
            latencies.sort(Long::compare);
            long p50 = latencies.get(latencies.size() / 2);
            long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
            System.out.println("[measure] /core/status under the flood, " + latencies.size() + " requests over 5 nodes:"
                    + " p50 " + p50 + " ms, p99 " + p99 + " ms, max " + latencies.get(latencies.size() - 1) + " ms");
            assertTrue("every status answered within 5 s, max " + latencies.get(latencies.size() - 1),
                    latencies.get(latencies.size() - 1) < 5_000);

            byte[] calm = jar("1.0.1", "calm");
            // Read before the deploy begins: a node forwards the fix before it applies it.
            String before = cluster.get(0).getJson("/core/config").getAsJsonObject().get("deployment").getAsString();
            long start = System.nanoTime();
            java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.CompletableFuture<String> request = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            String made = created(cluster.get(3).deploy(calm));
                            answered.set((System.nanoTime() - start) / 1_000_000);
                            return made;
                        } catch (Exception e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    });
            Map<String, Long> adopted = new java.util.HashMap<>();
            Await.until("the fix adopted everywhere", Duration.ofSeconds(60), () -> {
                for (NodeProcess node : cluster.all()) {
                    if (!adopted.containsKey(node.address()) && !node.getJson("/core/config").getAsJsonObject()
                            .get("deployment").getAsString().equals(before)) {
                        adopted.put(node.address(), (System.nanoTime() - start) / 1_000_000);
                    }
                }
                return adopted.size() == 5 ? true : null;
            });
            String fix = request.join();
            long requested = answered.get();
            long adoptedAll = adopted.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            cluster.awaitAllOn(fix, Duration.ofSeconds(60));
            long runningAll = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[measure] fix of a flooding module: deploy request " + requested + " ms, adopted by all"
                    + " 5 nodes " + adoptedAll + " ms, running on all 5 " + runningAll + " ms after the request began");
        }
    }

    private static byte[] jar(String version, String mode) throws Exception {
        return ModuleJars.bundle(NAME, version, HostileModule.class, Map.of("mode.txt", mode), 0);
    }
}
