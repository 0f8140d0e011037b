package io.grapevine.bench;

import static io.grapevine.bench.ClusterBenchmark.intOption;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Propagation of a deployment over N real nodes on loopback, started with {@code bin/grapevine-cluster}:
 * a warm-up deployment, then R deployments made at node 1 (the counter example, v2 and v1 in turn),
 * each timed from the request until every node reports the new deployment in {@code /core/status}.
 * Then one quiet minute of metrics: messages sent by the core and by the modules.
 *
 * <p>Usage: {@code Propagation [--nodes N] [--runs R] [--rendezvous K] [--quiet-seconds S]}.
 */
public final class Propagation {
    private static final String CORE_SENT = "grapevine_core_messages_sent_total ";
    private static final String MODULES_SENT = "grapevine_module_messages_sent_total{";

    private Propagation() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = intOption(args, "--nodes", 5);
        int runs = intOption(args, "--runs", 5);
        int rendezvous = intOption(args, "--rendezvous", 1);
        int quietSeconds = intOption(args, "--quiet-seconds", 60);
        Path home = Path.of(System.getProperty("grapevine.dist", "../distribution/target/grapevine")).toAbsolutePath();
        LocalCluster cluster = LocalCluster.plan(home, nodes);
        System.out.printf(Locale.ROOT, "propagation: %d nodes, %d rendezvous, %d runs, %s%n", nodes, rendezvous, runs,
                cluster.urls());
        try {
            cluster.launch(rendezvous, "");
            String deployer = cluster.urls().get(Math.min(1, nodes - 1));
            Path[] jars = {home.resolve("examples/counter-2.0.0.jar"), home.resolve("examples/counter-1.0.0.jar")};
            System.out.printf(Locale.ROOT, "warm-up deployment: %d ms (not counted)%n",
                    timeRollout(cluster, deployer, jars[1]));
            List<Long> times = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                long ms = timeRollout(cluster, deployer, jars[run % 2]);
                times.add(ms);
                System.out.printf(Locale.ROOT, "run %d: all %d nodes on the new deployment after %d ms%n", run + 1,
                        nodes, ms);
            }
            List<Long> sorted = new ArrayList<>(times);
            sorted.sort(null);
            System.out.printf(Locale.ROOT, "median %d ms, min %d ms, max %d ms over %d runs (N=%d)%n",
                    sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), runs, nodes);
            if (quietSeconds > 0) {
                quietMinute(cluster, quietSeconds);
            }
        } finally {
            cluster.stop();
        }
    }

    /** Deploys {@code jar} at {@code deployer}; ms from the request until every node runs the new deployment. */
    private static long timeRollout(LocalCluster cluster, String deployer, Path jar) throws Exception {
        long start = System.nanoTime();
        return cluster.awaitDeployment(NodeClient.deploy(deployer, jar), start, 300, 10);
    }

    private static void quietMinute(LocalCluster cluster, int seconds) throws Exception {
        long core = -cluster.sum(CORE_SENT);
        long module = -cluster.sum(MODULES_SENT);
        System.out.printf(Locale.ROOT, "measuring %d quiet seconds after convergence...%n", seconds);
        ClusterBenchmark.sleepSeconds(seconds);
        core += cluster.sum(CORE_SENT);
        module += cluster.sum(MODULES_SENT);
        System.out.printf(Locale.ROOT, "in %d s: core sent %d messages (%.1f per node per minute), modules %d;"
                + " core share %.1f %%%n", seconds, core, core * 60.0 / seconds / cluster.urls().size(), module,
                core + module == 0 ? 0.0 : 100.0 * core / (core + module));
    }
}
