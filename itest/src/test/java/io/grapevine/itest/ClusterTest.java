package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.compare;
import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import io.grapevine.itest.support.Nodes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Issue [C] on real nodes: separate processes, real HTTP on loopback. */
public class ClusterTest {
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final String COUNTER = "io.grapevine.example.counter";

    @Test
    public void deploymentSpreadsRollbackElsewhereWinsAndAStoppedNodeCatchesUp() throws Exception {
        try (Nodes cluster = Nodes.start("cluster", 5, List.of(List.of()))) {
            String d1 = created(cluster.get(1).deploy(ModuleJars.counter(1)));
            cluster.awaitAllOn(d1, CONVERGE);

            NodeProcess late = cluster.get(4);
            late.stop();
            long start = System.nanoTime();
            String d2 = created(cluster.get(1).deploy(ModuleJars.counter(2)));
            cluster.awaitAllOn(d2, CONVERGE);
            System.out.println("[measure] 4 live nodes on a new deployment after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            for (NodeProcess node : cluster.all()) {
                if (node.alive()) {
                    assertEquals("2.0.0", counterVersion(node));
                }
            }

            String d3 = created(cluster.get(3).rollback(d1));
            assertTrue(compare(d3, d2) > 0);
            cluster.awaitAllOn(d3, CONVERGE);

            late.restart();
            cluster.awaitAllOn(d3, CONVERGE);
            for (NodeProcess node : cluster.all()) {
                assertEquals("1.0.0", counterVersion(node));
            }
            for (NodeProcess node : cluster.all()) {
                assertEveryJarFetchedAtMostOnce(node);
            }
        }
    }

    @Test
    public void noModuleMessageCrossesVersions() throws Exception {
        // The third node cannot hold v2's jar (its size limit is lower), so it stays on v1 while
        // the others run v2: every message between the two versions must be fenced.
        byte[] v1 = ModuleJars.probe("1", false, 0);
        byte[] v2 = ModuleJars.probe("2", false, 300_000);
        List<String> small = List.of("-Dgrapevine.bundle.max.bytes=200000");
        try (Nodes cluster = Nodes.start("fencing", 3, List.of(List.of(), List.of(), small))) {
            String d1 = created(cluster.get(0).deploy(v1));
            cluster.awaitAllOn(d1, CONVERGE);
            Await.until("probes talking", CONVERGE, () -> stats(cluster.get(2)).get("ok").getAsLong() > 5 ? true : null);

            created(cluster.get(0).deploy(v2));
            Await.until("messages fenced both ways", CONVERGE, () ->
                    Nodes.metric(cluster.get(0), "grapevine_fencing_refusals_total{module=\"io.grapevine.test.probe\"}") > 0
                    && Nodes.metric(cluster.get(2), "grapevine_fencing_refusals_total{module=\"io.grapevine.test.probe\"}") > 0
                    && stats(cluster.get(2)).get("fenced").getAsLong() > 0 ? true : null);
            assertEquals("1", stats(cluster.get(2)).get("version").getAsString());
            // Node 1 may still be switching to v2 (its probe answers 404 meanwhile): wait for it.
            long okBefore = Await.until("node 1 running v2", CONVERGE, () -> {
                JsonObject stats = stats(cluster.get(1));
                return stats.has("ok") && stats.get("version").getAsString().equals("2") ? stats.get("ok").getAsLong() : null;
            });
            Await.until("v2 nodes still gossiping", CONVERGE, () ->
                    stats(cluster.get(1)).get("ok").getAsLong() > okBefore + 5 ? true : null);
            for (NodeProcess node : cluster.all()) {
                assertEquals("no message crossed versions on " + node.address(), 0,
                        stats(node).get("mixed").getAsLong());
            }
        }
    }

    @Test
    public void theCorePathSpreadsADeploymentWhenEveryModuleThrowsOnEachMessage() throws Exception {
        try (Nodes cluster = Nodes.start("broken", 3, List.of(List.of()))) {
            String broken = created(cluster.get(0).deploy(ModuleJars.probe("1", true, 0)));
            cluster.awaitAllOn(broken, CONVERGE);
            String fix = created(cluster.get(2).deploy(ModuleJars.probe("2", false, 0)));
            cluster.awaitAllOn(fix, CONVERGE);
            for (NodeProcess node : cluster.all()) {
                assertEquals("2", stats(node).get("version").getAsString());
            }
        }
    }

    private static JsonObject stats(NodeProcess node) throws Exception {
        return JsonParser.parseString(Http.get(node.url("/io.grapevine.test.probe/stats")).body()).getAsJsonObject();
    }

    private static String counterVersion(NodeProcess node) throws Exception {
        String body = Http.get(node.url("/" + COUNTER + "/value")).body();
        return JsonParser.parseString(body).getAsJsonObject().get("version").getAsString();
    }

    private static void assertEveryJarFetchedAtMostOnce(NodeProcess node) throws Exception {
        Map<String, Integer> fetches = new HashMap<>();
        for (JsonElement e : node.getJson("/core/events").getAsJsonArray()) {
            JsonObject event = e.getAsJsonObject();
            if (event.get("type").getAsString().equals("bundle-fetched")) {
                fetches.merge(event.get("detail").getAsString().split(" ")[0], 1, Integer::sum);
            }
        }
        fetches.forEach((sha, count) -> assertEquals("jar " + sha + " on " + node.address(), 1, (int) count));
    }
}
