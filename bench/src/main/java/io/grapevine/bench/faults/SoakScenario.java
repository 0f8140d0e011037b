package io.grapevine.bench.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Soak: N nodes for M minutes with the module library running and a deployment every 2 minutes
 * (the counter, 1.0.0 and 2.0.0 in turn). Every deployment must converge; per node, heap after a
 * full GC and threads flat within 10 % from the first sample (after the library is running) to the
 * last, and no growth of file descriptors.
 */
public final class SoakScenario {
    private static final List<String> LIBRARY = List.of("membership", "failure-detector", "aggregation", "broadcast",
            "random-walk");

    private SoakScenario() {
    }

    private record Sample(long heapKb, int threads, int fds) {
    }

    public static Outcome run(Settings settings) throws Exception {
        int n = settings.nodesOr(50);
        long minutes = settings.option("soak-minutes", 30);
        long everyMs = settings.option("deploy-every-seconds", 120) * 1000;
        Outcome outcome = new Outcome("soak", n, String.format(Locale.ROOT, "%d min with the module library (%s) "
                + "running, a deployment every %d s", minutes, String.join(", ", LIBRARY), everyMs / 1000));
        try (FaultCluster cluster = FaultCluster.loopback(new FaultCluster.Plan(settings.home(), n, Math.max(1, n / 10),
                FaultCluster.SMALL_JVM, i -> Map.of()))) {
            String last = null;
            for (String module : LIBRARY) {
                last = cluster.get(0).deploy(Bundles.library(settings.home(), module));
            }
            cluster.awaitAllOn(last, Duration.ofMinutes(5));
            last = cluster.get(0).deploy(Bundles.example(settings.home(), "counter-1.0.0.jar"));
            cluster.awaitAllOn(last, Duration.ofMinutes(5));
            List<Sample> first = sample(cluster);
            long start = System.nanoTime();
            long end = start + TimeUnit.MINUTES.toNanos(minutes);
            int deployments = 0;
            int converged = 0;
            List<Long> times = new ArrayList<>();
            java.util.Random random = new java.util.Random(settings.seed());
            while (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(everyMs) <= end) {
                long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(everyMs);
                FaultNode at = cluster.get(random.nextInt(n));
                String jar = deployments % 2 == 0 ? "counter-2.0.0.jar" : "counter-1.0.0.jar";
                deployments++;
                try {
                    String d = at.deploy(Bundles.example(settings.home(), jar));
                    times.add(cluster.awaitAllOn(d, Duration.ofMillis(everyMs)));
                    converged++;
                } catch (Exception e) {
                    outcome.detail("deployment " + deployments + " (" + jar + " at " + at.nodeId() + "): " + e.getMessage());
                }
                long wait = (next - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    TimeUnit.MILLISECONDS.sleep(wait); // the soak's pace: one deployment per period
                }
            }
            List<Sample> lastSample = sample(cluster);
            outcome.check(converged == deployments, converged + "/" + deployments + " deployments converged on all "
                    + n + " nodes (median " + median(times) + " ms, max " + times.stream().mapToLong(x -> x).max()
                    .orElse(0) + " ms)");
            double worstHeap = 0;
            double worstThreads = 0;
            int worstFds = Integer.MIN_VALUE;
            long heap0 = 0;
            long heap1 = 0;
            int threads0 = 0;
            int threads1 = 0;
            int fds0 = 0;
            int fds1 = 0;
            for (int i = 0; i < n; i++) {
                Sample a = first.get(i);
                Sample b = lastSample.get(i);
                worstHeap = Math.max(worstHeap, (double) b.heapKb() / a.heapKb());
                worstThreads = Math.max(worstThreads, (double) b.threads() / a.threads());
                worstFds = Math.max(worstFds, b.fds() - a.fds());
                heap0 += a.heapKb();
                heap1 += b.heapKb();
                threads0 += a.threads();
                threads1 += b.threads();
                fds0 += a.fds();
                fds1 += b.fds();
                outcome.detail(String.format(Locale.ROOT, "node.%d: heap after GC %d → %d KiB, threads %d → %d, fds %d → %d",
                        i, a.heapKb(), b.heapKb(), a.threads(), b.threads(), a.fds(), b.fds()));
            }
            outcome.check(worstHeap <= 1.10, String.format(Locale.ROOT, "heap after GC: cluster %d → %d MiB, worst node "
                    + "×%.2f (bound ×1.10)", heap0 / 1024, heap1 / 1024, worstHeap));
            outcome.check(worstThreads <= 1.10, String.format(Locale.ROOT, "threads: cluster %d → %d, worst node ×%.2f "
                    + "(bound ×1.10)", threads0, threads1, worstThreads));
            outcome.check(fds1 <= fds0 * 1.10, String.format(Locale.ROOT, "file descriptors: cluster %d → %d, worst node "
                    + "%+d", fds0, fds1, worstFds));
            outcome.figure(String.format(Locale.ROOT, "%d/%d deployments converged (median %.1f s); heap after GC ×%.2f, "
                    + "threads ×%.2f, fds ×%.2f (cluster, end/start); worst node heap ×%.2f, threads ×%.2f, fds %+d",
                    converged, deployments, median(times) / 1000.0, (double) heap1 / heap0, (double) threads1 / threads0,
                    (double) fds1 / fds0, worstHeap, worstThreads, worstFds));
        } catch (Exception e) {
            outcome.fail("the scenario broke off: " + e);
        }
        return outcome;
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static List<Sample> sample(FaultCluster cluster) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (FaultNode node : cluster.nodes()) {
            samples.add(new Sample(ProcessStats.heapAfterGcKb(node.pid()), ProcessStats.threads(node.pid()),
                    ProcessStats.fds(node.pid())));
        }
        return samples;
    }
}
