package io.grapevine.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Rollouts on clusters of different JVM options, all up at once and taking turns: run k deploys on
 * every cluster, one after the other (starting with a different one each run), so that the
 * machine's load, which other builds change by the minute, weighs on each alike. The others idle
 * meanwhile (well under a percent of a core per node). Each rollout as in {@link GrapevineDeployments}
 * through the REST API, after one not counted.
 */
final class InterleavedRollouts {
    /** One cluster's rollouts: each run's spread and their median. */
    record Result(JvmOptionsBenchmark.Variant variant, List<Spread> runs) {
        Spread median() {
            return Spread.median(runs);
        }
    }

    private InterleavedRollouts() {
    }

    static List<Result> run(Path home, List<JvmOptionsBenchmark.Variant> variants, int nodes, int runs, int timeout)
            throws Exception {
        List<LocalCluster> clusters = new ArrayList<>();
        try {
            List<GrapevineDeployments> deployments = new ArrayList<>();
            List<List<Spread>> spreads = new ArrayList<>();
            for (JvmOptionsBenchmark.Variant variant : variants) {
                // One at a time: a cluster's ports are free only until it starts.
                LocalCluster cluster = LocalCluster.plan(home, nodes)
                        .environment("GRAPEVINE_JVM_OPTS", variant.jvmOpts()).environment("JAVA_OPTS", null);
                clusters.add(cluster);
                cluster.launch(1, variant.javaOpts());
                deployments.add(new GrapevineDeployments(home, cluster, false));
                spreads.add(new ArrayList<>());
            }
            for (int k = 0; k <= runs; k++) {
                for (int j = 0; j < variants.size(); j++) {
                    int i = (j + k) % variants.size();
                    Spread spread = Spread.of(deployments.get(i).run(k, 0, timeout).msPerNode());
                    System.out.printf(Locale.ROOT, "  interleaved rollout %d%s, %s: %s%n", k,
                            k == 0 ? " (warm-up, not counted)" : "", variants.get(i).label(), spread);
                    if (k > 0) {
                        spreads.get(i).add(spread);
                    }
                    TimeUnit.SECONDS.sleep(3); // lets the undeployment's gossip go quiet before the next
                }
            }
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                results.add(new Result(variants.get(i), spreads.get(i)));
            }
            return results;
        } finally {
            for (LocalCluster cluster : clusters) {
                cluster.stop();
            }
        }
    }
}
