package io.grapevine.bench.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Soak: N nodes for M minutes with the module library running and a deployment every 2 minutes
 * (the counter, 1.0.0 and 2.0.0 in turn). Every deployment must converge; heap after a full GC,
 * threads and file descriptors, sampled every few minutes from when the library runs, stay flat
 * within 10 % (see {@link #judge}).
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
            long sampleEveryNs = TimeUnit.MINUTES.toNanos(settings.option("sample-every-minutes", 5));
            List<List<Sample>> samples = new ArrayList<>();
            samples.add(sample(cluster));
            long start = System.nanoTime();
            long end = start + TimeUnit.MINUTES.toNanos(minutes);
            long nextSample = start + sampleEveryNs;
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
                if (System.nanoTime() >= nextSample) {
                    samples.add(sample(cluster));
                    nextSample += sampleEveryNs;
                }
                long wait = (next - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    TimeUnit.MILLISECONDS.sleep(wait); // the soak's pace: one deployment per period
                }
            }
            samples.add(sample(cluster));
            outcome.check(converged == deployments, converged + "/" + deployments + " deployments converged on all "
                    + n + " nodes (median " + median(times) + " ms, max " + times.stream().mapToLong(x -> x).max()
                    .orElse(0) + " ms)");
            String flat = judge(outcome, samples, n);
            outcome.figure(String.format(Locale.ROOT, "%d/%d deployments converged (median %.1f s); %s",
                    converged, deployments, median(times) / 1000.0, flat));
        } catch (Exception e) {
            outcome.fail("the scenario broke off: " + e);
        }
        return outcome;
    }

    /**
     * Flat means no trend: a leak grows every node's heap and threads run after run, while a
     * single reading jitters with what is in flight (a pool's idle thread, a half-full buffer). So
     * each node's first third of the samples is averaged against its last third, and the cluster's
     * sum and the median node must stay within 10 %; the worst node is reported beside them.
     */
    private static String judge(Outcome outcome, List<List<Sample>> samples, int n) {
        int third = Math.max(1, samples.size() / 3);
        List<Double> heapRatios = new ArrayList<>();
        List<Double> threadRatios = new ArrayList<>();
        double heapEarly = 0;
        double heapLate = 0;
        double threadsEarly = 0;
        double threadsLate = 0;
        double fdsEarly = 0;
        double fdsLate = 0;
        double worstFds = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int node = i;
            double[] early = mean(samples.subList(0, third), node);
            double[] late = mean(samples.subList(samples.size() - third, samples.size()), node);
            heapRatios.add(late[0] / early[0]);
            threadRatios.add(late[1] / early[1]);
            heapEarly += early[0];
            heapLate += late[0];
            threadsEarly += early[1];
            threadsLate += late[1];
            fdsEarly += early[2];
            fdsLate += late[2];
            worstFds = Math.max(worstFds, late[2] - early[2]);
            StringBuilder line = new StringBuilder("node." + i + ": heap after GC KiB, threads, fds:");
            for (List<Sample> at : samples) {
                Sample sample = at.get(i);
                line.append(' ').append(sample.heapKb()).append('/').append(sample.threads()).append('/').append(sample.fds());
            }
            outcome.detail(line.toString());
        }
        double heapMedian = medianOf(heapRatios);
        double threadsMedian = medianOf(threadRatios);
        String over = String.format(Locale.ROOT, "(%d samples, first %d against last %d)", samples.size(), third, third);
        outcome.check(heapLate <= heapEarly * 1.10 && heapMedian <= 1.10, String.format(Locale.ROOT,
                "heap after GC: cluster %.0f → %.0f MiB (×%.2f), median node ×%.2f, worst node ×%.2f %s",
                heapEarly / 1024, heapLate / 1024, heapLate / heapEarly, heapMedian, max(heapRatios), over));
        outcome.check(threadsLate <= threadsEarly * 1.10 && threadsMedian <= 1.10, String.format(Locale.ROOT,
                "threads: cluster %.0f → %.0f (×%.2f), median node ×%.2f, worst node ×%.2f %s", threadsEarly,
                threadsLate, threadsLate / threadsEarly, threadsMedian, max(threadRatios), over));
        outcome.check(fdsLate <= fdsEarly * 1.10, String.format(Locale.ROOT,
                "file descriptors: cluster %.0f → %.0f (×%.2f), worst node %+.0f %s", fdsEarly, fdsLate,
                fdsLate / fdsEarly, worstFds, over));
        return (String.format(Locale.ROOT, "heap after GC ×%.2f, threads ×%.2f, fds ×%.2f (cluster, last "
                + "third of %d samples ÷ first); median node heap ×%.2f, threads ×%.2f; worst node heap ×%.2f, "
                + "threads ×%.2f, fds %+.0f", heapLate / heapEarly, threadsLate / threadsEarly, fdsLate / fdsEarly,
                samples.size(), heapMedian, threadsMedian, max(heapRatios), max(threadRatios), worstFds));
    }

    private static double[] mean(List<List<Sample>> window, int node) {
        double[] sum = new double[3];
        for (List<Sample> at : window) {
            Sample sample = at.get(node);
            sum[0] += sample.heapKb();
            sum[1] += sample.threads();
            sum[2] += sample.fds();
        }
        for (int k = 0; k < 3; k++) {
            sum[k] /= window.size();
        }
        return sum;
    }

    private static double medianOf(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(x -> x).max().orElse(0);
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
