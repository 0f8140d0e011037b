package io.grapevine.bench.faults;

import com.google.gson.JsonElement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Partition: every node in a network namespace of its own ("hosts" on one machine, see
 * {@link Netns}), the cluster split 50/50 for 60 s with a deployment made on each side, then
 * healed. Every node must run the higher deployment within 2 core intervals of the heal; the lower
 * side's deployment must show in history, not be lost silently. Skipped, with the reason, where
 * namespaces cannot be made.
 */
public final class PartitionScenario {
    private static final int PORT = 8080;

    private PartitionScenario() {
    }

    public static Outcome run(Settings settings) throws Exception {
        int n = settings.nodesOr(50);
        long splitMs = settings.option("split-seconds", 60) * 1000;
        int half = n / 2;
        Outcome outcome = new Outcome("partition", n, String.format(Locale.ROOT,
                "each node in its own network namespace; split %d/%d for %d s with a deployment on each side, then healed",
                half, n - half, splitMs / 1000));
        String why = Netns.unavailable();
        if (why != null) {
            outcome.fail("skipped: " + why);
            return outcome;
        }
        try (Netns net = Netns.make(n, half);
                FaultCluster cluster = FaultCluster.in(net, new FaultCluster.Plan(settings.home(), n, 2,
                        FaultCluster.SMALL_JVM, i -> Map.of()), PORT)) {
            outcome.detail("rendezvous: " + cluster.get(0).address() + " (side A) and " + cluster.get(half).address()
                    + " (side B)");
            String d0 = cluster.get(0).deploy(Bundles.example(settings.home(), "counter-1.0.0.jar"));
            cluster.awaitAllOn(d0, Duration.ofMinutes(5));
            FaultNode a = cluster.get(1 % half);
            FaultNode b = cluster.get(n - 1);
            try (Timeline timeline = new Timeline(cluster, List.of(
                    new Timeline.Group("side A (made the lower deployment)", node -> net.onSideA(node.index())),
                    new Timeline.Group("side B (made the higher deployment)", node -> !net.onSideA(node.index()))), 500)) {
                net.split();
                long splitAt = System.nanoTime();
                timeline.mark("split");
                String dA = a.deploy(Bundles.example(settings.home(), "counter-2.0.0.jar"));
                long sideA = cluster.awaitOn(dA, node -> net.onSideA(node.index()), Duration.ofMinutes(3));
                String dB = b.deploy(Bundles.library(settings.home(), "membership"));
                long sideB = cluster.awaitOn(dB, node -> !net.onSideA(node.index()), Duration.ofMinutes(3));
                timeline.target(dB);
                outcome.check(true, String.format(Locale.ROOT, "side A ran %s (counter 2.0.0, made at %s) after %.1f s;"
                        + " side B ran %s (membership added, made at %s, later so higher) after %.1f s", dA, a.nodeId(),
                        sideA / 1000.0, dB, b.nodeId(), sideB / 1000.0));
                int leaked = 0;
                for (FaultNode node : cluster.nodes()) {
                    String on = node.deploymentOrNull();
                    if (net.onSideA(node.index()) ? !dA.equals(on) : !dB.equals(on)) {
                        leaked++;
                    }
                }
                outcome.check(leaked == 0, leaked + " nodes crossed the split during it");
                long left = splitMs - (System.nanoTime() - splitAt) / 1_000_000;
                if (left > 0) {
                    TimeUnit.MILLISECONDS.sleep(left); // the partition lasts its full time
                }
                net.heal();
                long healAt = System.nanoTime();
                timeline.mark("heal");
                long healedMs = cluster.awaitAllOn(dB, Duration.ofMinutes(3));
                timeline.mark("converged");
                long bound = 2 * Settings.CORE_INTERVAL_MS;
                outcome.check(healedMs <= bound, String.format(Locale.ROOT,
                        "every node on the higher deployment %.1f s after the heal (bound %d s)", healedMs / 1000.0,
                        bound / 1000));
                outcome.figure(String.format(Locale.ROOT, "all %d on the higher deployment %.1f s after the heal", n,
                        healedMs / 1000.0));
                history(cluster, net, dA, outcome);
                if (settings.plots() != null) {
                    outcome.plot(timeline.write(settings.plots(), "faults-partition", "Partition of " + n
                            + " nodes for " + splitMs / 1000 + " s, a deployment on each side"));
                }
                outcome.detail("heal-to-converged " + (System.nanoTime() - healAt) / 1_000_000 + " ms");
            }
        } catch (Exception e) {
            outcome.fail("the scenario broke off: " + e);
        }
        return outcome;
    }

    /** Where the lower side's deployment is still to be seen after the heal. */
    private static void history(FaultCluster cluster, Netns net, String lower, Outcome outcome) throws Exception {
        int sideA = 0;
        int inHistoryA = 0;
        int inHistoryB = 0;
        int eventsA = 0;
        for (FaultNode node : cluster.nodes()) {
            boolean found = false;
            for (JsonElement c : node.history()) {
                found |= c.getAsJsonObject().get("deployment").getAsString().equals(lower);
            }
            if (net.onSideA(node.index())) {
                sideA++;
                inHistoryA += found ? 1 : 0;
                eventsA += node.events("deployment-adopted").stream().anyMatch(e -> e.startsWith(lower)) ? 1 : 0;
            } else {
                inHistoryB += found ? 1 : 0;
            }
        }
        outcome.check(inHistoryA == sideA, "the lower side's deployment " + lower + " is in the history of "
                + inHistoryA + "/" + sideA + " side-A nodes (and their event logs: " + eventsA + "/" + sideA + ")");
        outcome.detail("it is in the history of " + inHistoryB + "/" + (cluster.size() - sideA)
                + " side-B nodes: they never ran it; nothing on them says it was made");
        outcome.figure("lower deployment in history on " + inHistoryA + "/" + sideA + " of its side, "
                + inHistoryB + "/" + (cluster.size() - sideA) + " of the other");
    }
}
