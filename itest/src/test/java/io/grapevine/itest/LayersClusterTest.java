package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.itest.modules.LayerConsumerModule;
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
 * Issue [D] on real nodes: the library's membership and failure detector serve a consumer module
 * through the core's layer proxies, across an update of the provider and a crash.
 */
public class LayersClusterTest {
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    /** Short rounds so that the scenario takes seconds: membership 1 s, heartbeats 500 ms, T_fail 6 s. */
    private static final List<String> FAST = List.of("-Dio.grapevine.membership.interval.ms=1000",
            "-Dio.grapevine.failuredetector.interval.ms=500", "-Dio.grapevine.failuredetector.fail.ms=6000");

    @Test
    public void upcallsSurviveAnUpdateOfTheProviderAndReportACrashAndARestart() throws Exception {
        byte[] membership = ModuleJars.library("membership-1.0.0.jar");
        try (Nodes cluster = Nodes.start("layers", 5, List.of(FAST))) {
            NodeProcess first = cluster.get(0);
            created(first.deploy(membership));
            created(first.deploy(ModuleJars.library("failure-detector-1.0.0.jar")));
            created(first.deploy(ModuleJars.bundle(LayerConsumerModule.NAME, "1.0.0",
                    LayerConsumerModule.class, Map.of(), 0, LayerConsumerModule.COMPONENT,
                    LayerConsumerModule.IMPORTS)));
            // CYCLON as well: membership provides PeerSampling already, so it runs without providing.
            String all = created(first.deploy(ModuleJars.library("cyclon-1.0.0.jar")));
            cluster.awaitAllOn(all, CONVERGE);
            JsonObject cyclon = status(first, "io.grapevine.cyclon");
            assertEquals(false, cyclon.get("providesPeerSampling").getAsBoolean());
            assertTrue(cyclon.toString(), cyclon.get("notProvidingBecause").getAsString()
                    .contains("io.grapevine.membership"));
            for (NodeProcess node : cluster.all()) {
                Await.until("a full view on " + node.address(), CONVERGE,
                        () -> consumer(node).getAsJsonArray("view").size() == 4 ? true : null);
                Await.until("the failure detector sampling peers from membership on " + node.address(), CONVERGE,
                        () -> status(node, "io.grapevine.failuredetector").getAsJsonObject("peersFrom")
                                .get("peerSampling").getAsLong() > 0 ? true : null);
            }

            // A new version of the provider while every consumer holds its listeners.
            String updated = created(first.deploy(ModuleJars.withVersion(membership, "1.0.1")));
            cluster.awaitAllOn(updated, CONVERGE);
            for (NodeProcess node : cluster.all()) {
                assertEquals("1.0.1", status(node, "io.grapevine.membership").get("version").getAsString());
            }
            // Under load the update can keep a node silent past max.age or T_fail, so the others
            // may briefly drop or suspect it; the crash must start from a settled cluster or its
            // "left" would already be in the past.
            // Settled on every node in one pass: the baseline counts are read from those same answers.
            NodeProcess victim = cluster.get(4);
            List<Integer> seenBefore = Await.until("full views and nobody suspected, on all nodes at once", CONVERGE,
                    () -> {
                        List<Integer> counts = new ArrayList<>();
                        for (NodeProcess node : cluster.all()) {
                            JsonObject consumer = consumer(node);
                            if (consumer.getAsJsonArray("view").size() != 4
                                    || !consumer.getAsJsonArray("suspected").isEmpty()) {
                                return null;
                            }
                            counts.add(consumer.getAsJsonArray("events").size());
                        }
                        return counts;
                    });

            long killedAt = System.nanoTime();
            victim.kill();
            List<NodeProcess> survivors = cluster.all().subList(0, 4);
            for (NodeProcess node : survivors) {
                awaitEvents(node, seenBefore.get(cluster.all().indexOf(node)),
                        List.of("left " + victim.address(), "suspected " + victim.address()));
            }
            System.out.println("[measure] 4 survivors heard left and suspected of a SIGKILLed node after "
                    + (System.nanoTime() - killedAt) / 1_000_000 + " ms (membership 1 s rounds, T_fail 6 s)");

            List<Integer> seenAfterCrash = new ArrayList<>();
            for (NodeProcess node : survivors) {
                seenAfterCrash.add(events(node).size());
            }
            long restartedAt = System.nanoTime();
            victim.restart();
            for (NodeProcess node : survivors) {
                awaitEvents(node, seenAfterCrash.get(survivors.indexOf(node)),
                        List.of("joined " + victim.address(), "recovered " + victim.address()));
            }
            System.out.println("[measure] 4 survivors heard joined and recovered of the restarted node "
                    + (System.nanoTime() - restartedAt) / 1_000_000 + " ms after its restart began");

            for (NodeProcess node : cluster.all()) {
                // The restarted node starts its consumer last (modules apply in name order), and a
                // loaded machine can delay a heartbeat past T_fail for a moment: await, then check.
                JsonObject consumer = Await.until("the consumer on " + node.address() + " suspecting nobody",
                        CONVERGE, () -> {
                            JsonObject c = consumer(node);
                            return c.getAsJsonArray("suspected").isEmpty() ? c : null;
                        });
                assertEquals("the consumer on " + node.address() + " was never re-activated", 1,
                        consumer.get("activations").getAsInt());
            }
        }
    }

    /** Waits until {@code node}'s consumer heard each of {@code expected} after its first {@code skip} upcalls. */
    private static void awaitEvents(NodeProcess node, int skip, List<String> expected) throws Exception {
        try {
            Await.until(expected + " on " + node.address(), CONVERGE, () -> {
                List<String> events = events(node);
                return events.subList(Math.min(skip, events.size()), events.size()).containsAll(expected) ? true : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; consumer " + consumer(node) + "; membership "
                    + status(node, "io.grapevine.membership") + "; failure detector "
                    + status(node, "io.grapevine.failuredetector"), e);
        }
    }

    private static List<String> events(NodeProcess node) throws Exception {
        List<String> events = new ArrayList<>();
        for (JsonElement event : consumer(node).getAsJsonArray("events")) {
            events.add(event.getAsString());
        }
        return events;
    }

    private static JsonObject consumer(NodeProcess node) throws Exception {
        return status(node, LayerConsumerModule.NAME + "/events");
    }

    private static JsonObject status(NodeProcess node, String path) throws Exception {
        String url = node.url("/" + path + (path.contains("/") ? "" : "/status"));
        var response = Http.get(url);
        if (response.statusCode() != 200) {
            // Not an AssertionError: inside Await.until this is "not yet", not the end of the wait.
            throw new IllegalStateException("GET " + url + " gave " + response.statusCode() + ": " + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
