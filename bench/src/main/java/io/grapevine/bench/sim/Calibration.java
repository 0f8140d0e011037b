package io.grapevine.bench.sim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.node.GossipSettings;
import io.grapevine.core.node.Jar;
import io.grapevine.core.node.Limits;
import io.grapevine.core.sim.SimulatedCluster;
import io.grapevine.core.sim.SimulatedCluster.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's model fitted to one rollout on real nodes, from the nodes' own events: a hop is
 * the time from a node adopting the deployment to a node it told adopting it (the message there,
 * the jar fetched back, checked and stored), a fetch the time from a node hearing of it to adopting
 * it, an apply the time from adopting it to its module running. The model takes the fetches' spread
 * as two one-way latencies each (a fetch never waits for a gossip round), and the CPU
 * time a node spent on the rollout as the work of its apply on the machine's cores, which the real
 * nodes share. Then the simulator runs
 * the very rollout again, N nodes, and its percentiles stand beside the real ones.
 *
 * @param hops ms per hop, as measured
 * @param fetches ms from a node hearing of the deployment to adopting it (its jars fetched), as measured
 * @param applies ms from adopting to running, as measured
 * @param model the fitted model
 */
public record Calibration(List<Long> hops, List<Long> fetches, List<Long> applies, Model model) {

    /** A node's events, as {@code GET /core/events} gives them, with the node's address. */
    public record NodeEvents(String address, List<JsonElement> events) {
    }

    /**
     * Fits the model to the events of {@code deployment} on every node; {@code cpuMsPerNode}, when
     * measured (else 0), is the CPU time a node spent on the rollout beyond its idle use, and becomes
     * the work of an apply on the shared cores.
     */
    public static Calibration fit(List<NodeEvents> nodes, String deployment, int cores, long cpuMsPerNode) {
        Map<String, Long> adopted = new HashMap<>();
        Map<String, String> source = new HashMap<>();
        Map<String, Long> applied = new HashMap<>();
        Map<String, Long> heard = new HashMap<>();
        for (NodeEvents node : nodes) {
            for (JsonElement e : node.events()) {
                JsonObject event = e.getAsJsonObject();
                if (!event.get("subject").getAsString().equals(deployment)) {
                    continue;
                }
                long at = event.get("timeMs").getAsLong();
                String type = event.get("type").getAsString();
                if (type.equals("deployment-adopted")) {
                    adopted.put(node.address(), at);
                    String detail = event.get("detail").getAsString();
                    int from = detail.indexOf("from ");
                    if (from >= 0) {
                        source.put(node.address(), detail.substring(from + 5).strip());
                    }
                } else if (type.equals("deployment-heard")) {
                    heard.put(node.address(), at);
                } else if (type.equals("deployment-applied")) {
                    applied.put(node.address(), at);
                }
            }
        }
        List<Long> hops = new ArrayList<>();
        source.forEach((node, teller) -> {
            if (adopted.containsKey(teller)) {
                hops.add(Math.max(1, adopted.get(node) - adopted.get(teller)));
            }
        });
        List<Long> fetches = new ArrayList<>();
        heard.forEach((node, at) -> {
            if (adopted.containsKey(node) && source.containsKey(node)) {
                fetches.add(Math.max(1, adopted.get(node) - at));
            }
        });
        fetches.sort(null);
        List<Long> applies = new ArrayList<>();
        applied.forEach((node, at) -> {
            if (adopted.containsKey(node)) {
                applies.add(Math.max(1, at - adopted.get(node)));
            }
        });
        hops.sort(null);
        applies.sort(null);
        long first = adopted.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long last = applied.values().stream().mapToLong(Long::longValue).max().orElse(first);
        // The applies share the machine's cores: measured, or else N of them finished within (last - first).
        long workMs = cpuMsPerNode > 0 ? cpuMsPerNode
                : Math.max(1, (last - first) * cores / Math.max(1, applied.size()));
        Model lan = Model.lan();
        // A fetch (hearing to adopting: the request there, the jar back) is two one-way latencies and
        // never waits for a gossip round, so it measures the network under the rollout's own load in
        // either mode; a hop (three one-way latencies) stands in where no node logged hearing.
        List<Long> network = fetches.isEmpty() ? hops : fetches;
        int legs = fetches.isEmpty() ? 3 : 2;
        Model model = new Model(Math.max(1, percentile(network, 0.1) / legs), Math.max(2, percentile(network, 0.9) / legs),
                0.0, lan.timeoutMs(), 0, lan.bytesPerSecond(), workMs, cores);
        return new Calibration(hops, fetches, applies, model);
    }

    /** How often each real node's membership module, the cluster run's workload, exchanges with a peer. */
    static final long WORKLOAD_EVERY_MS = 5_000;

    /**
     * The simulated rollout on {@code n} nodes under the fitted model, the nodes gossiping with
     * {@code settings} (those the real nodes ran with): ms from the deploy to each apply.
     */
    public List<Long> simulate(int n, long seed, GossipSettings settings) {
        SimulatedCluster cluster = new SimulatedCluster(n, Math.min(10, n), settings, Limits.defaults(), model, seed);
        // The real nodes' workload: its module messages carry the deployment numbers, which quiet the
        // core's rounds and pull a newer configuration at once.
        cluster.moduleGossip(WORKLOAD_EVERY_MS);
        cluster.runFor(60_000);
        long start = cluster.now();
        Jar jar = cluster.upload(0, "io.grapevine.example.counter", "1.0.0", SimulatorMain.JAR_BYTES);
        cluster.deploy(0, jar);
        DeploymentNumber target = cluster.node(0).current().deployment();
        cluster.runUntilAllOn(target, 600_000);
        List<Long> times = new ArrayList<>();
        for (long at : cluster.appliedAt(target)) {
            if (at >= 0) {
                times.add(at - start);
            }
        }
        times.sort(null);
        return times;
    }

    public String describeMeasured() {
        return String.format(Locale.ROOT, "hops measured: p10 %d ms, p50 %d ms, p90 %d ms (%d hops); fetches: p10 %d ms, "
                + "p90 %d ms; applies: p50 %d ms, p90 %d ms", percentile(hops, 0.1), percentile(hops, 0.5),
                percentile(hops, 0.9), hops.size(), percentile(fetches, 0.1), percentile(fetches, 0.9),
                percentile(applies, 0.5), percentile(applies, 0.9));
    }

    public String describeModel() {
        return String.format(Locale.ROOT, "model: one-way latency %d-%d ms, %d ms of work per node on %d shared cores",
                model.minLatencyMs(), model.maxLatencyMs(), model.applyMs(), model.cores());
    }

    public static long percentile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(q * sorted.size()) - 1)));
    }
}
