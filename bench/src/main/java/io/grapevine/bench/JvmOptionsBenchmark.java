package io.grapevine.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options of {@code bin/grapevine}, added one at a time: for each variant, the start of a
 * fresh node ({@code scripts/startup-time.sh}, median of 5; the variants take turns, one start each,
 * so that the shared machine's changing load weighs on each alike), then a cluster of N nodes: its idle
 * footprint over a window, then R deployments of the counter example at node 0 (fresh installs
 * through the REST API, after one not counted), timed per node by its {@code module-started} event.
 * Then, as the load of a shared machine changes by the minute, rollouts once more on three clusters
 * up at once and taking turns ({@link InterleavedRollouts}): the JVM's own options, bin/grapevine's,
 * and bin/grapevine's with C2 back. Then the largest module jar the nodes accept, under three heap
 * settings ({@link LargeJarCheck}). Writes section {@code jvm-options} of RESULTS.md.
 *
 * <p>Usage: {@code JvmOptionsBenchmark [--nodes 20] [--runs 5] [--idle-seconds 60] [--interleaved-runs 7]
 * [--large-jar true] [--only 0,6] [--interleaved-lines 6,7]} ({@code --only}: those lines of the table
 * only, counted from 0;
 * {@code --interleaved-runs 0} leaves the interleaved rollouts out; {@code --interleaved-lines 6,7}
 * interleaves those lines of the table instead of the JVM's own options, bin/grapevine's, and
 * bin/grapevine's with C2). With {@code --only}, the section written is {@code jvm-options-only}.
 */
public final class JvmOptionsBenchmark {
    private static final int TIMEOUT_SECONDS = 600;
    private static final Pattern RUN = Pattern.compile("run 1: (\\d+) ms \\(cpu (\\d+) ms");
    private static final int STARTS = 5;

    /**
     * One way to start the nodes.
     *
     * @param jvmOpts {@code GRAPEVINE_JVM_OPTS}; {@code null} for bin/grapevine's defaults
     * @param javaOpts added after them ({@code JAVA_OPTS})
     */
    record Variant(String label, String jvmOpts, String javaOpts) {
    }

    /** What one variant measured. */
    record Measured(Variant variant, long startMs, long startCpuMs, Idle idle, Spread rollout, long rssAfterBytes,
            String load) {
    }

    private JvmOptionsBenchmark() {
    }

    static List<Variant> variants(Path home) {
        String serial = "-XX:+UseSerialGC";
        String heap = serial + " -Xms8m -Xmx384m";
        String nio = heap + " -Djdk.nio.maxCachedBufferSize=262144";
        String c1 = nio + " -XX:TieredStopAtLevel=1";
        String oneThread = c1 + " -XX:CICompilerCount=1";
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("the JVM's own (G1, heap up to 1/4 of memory, C1 and C2)", "", ""),
                new Variant("+ `-XX:+UseSerialGC`", serial, ""),
                new Variant("+ `-Xms8m -Xmx384m`", heap, ""),
                new Variant("+ `-Djdk.nio.maxCachedBufferSize=262144`", nio, ""),
                new Variant("+ `-XX:TieredStopAtLevel=1`", c1, ""),
                new Variant("+ `-XX:CICompilerCount=1`", oneThread, "")));
        Path archive = home.resolve("lib/grapevine.jsa");
        if (Files.isRegularFile(archive)) {
            variants.add(new Variant("+ `-XX:SharedArchiveFile=lib/grapevine.jsa`",
                    oneThread + " -XX:SharedArchiveFile=" + archive, ""));
        }
        variants.add(new Variant("+ `-Xmn4m` (= bin/grapevine's defaults)", null, ""));
        variants.add(new Variant("defaults + `-Xss256k` (not chosen)", null, "-Xss256k"));
        variants.add(new Variant("defaults + one Felix resolver thread, one Jetty acceptor and selector, at most 16 "
                + "Jetty threads (not chosen)", null, "-Dfelix.resolver.parallelism=1 "
                + "-Dorg.apache.felix.http.jetty.acceptors=1 -Dorg.apache.felix.http.jetty.selectors=1 "
                + "-Dorg.apache.felix.http.jetty.threadpool.max=16"));
        variants.add(new Variant("defaults + `-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30` (not chosen)", null,
                "-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"));
        variants.add(new Variant("defaults + `-Xmn2m` (not chosen)", null, "-Xmn2m"));
        return variants;
    }

    /** The JVM's own options, bin/grapevine's, and bin/grapevine's with C1 and C2 (JAVA_OPTS drops the compiler defaults). */
    static List<Variant> interleavedVariants() {
        return List.of(new Variant("the JVM's own", "", ""), new Variant("bin/grapevine's defaults", null, ""),
                new Variant("bin/grapevine's defaults, but C1 and C2 (`JAVA_OPTS=-XX:TieredStopAtLevel=4`)", null,
                        "-XX:TieredStopAtLevel=4"));
    }

    public static void main(String[] args) throws Exception {
        int nodes = ClusterBenchmark.intOption(args, "--nodes", 20);
        int runs = ClusterBenchmark.intOption(args, "--runs", 5);
        Duration idle = Duration.ofSeconds(ClusterBenchmark.intOption(args, "--idle-seconds", 60));
        boolean largeJar = Boolean.parseBoolean(SerfBenchmark.stringOption(args, "--large-jar", "true"));
        int interleavedRuns = ClusterBenchmark.intOption(args, "--interleaved-runs", 7);
        Path home = Path.of(System.getProperty("grapevine.dist", "../distribution/target/grapevine")).toAbsolutePath().normalize();
        List<Variant> variants = variants(home);
        String only = SerfBenchmark.stringOption(args, "--only", "");
        if (!only.isEmpty()) {
            variants = Arrays.stream(only.split(",")).map(i -> variants(home).get(Integer.parseInt(i)))
                    .toList();
        }
        List<long[]> starts = startupTimes(variants);
        List<Measured> measured = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Measured m = measure(home, variants.get(i), starts.get(i), nodes, runs, idle);
            measured.add(m);
            System.out.println(JvmOptionsReport.row(m, measured.size() > 1 ? measured.get(measured.size() - 2) : null));
        }
        String interleavedLines = SerfBenchmark.stringOption(args, "--interleaved-lines", "");
        List<Variant> interleavedVariants = interleavedLines.isEmpty() ? interleavedVariants()
                : Arrays.stream(interleavedLines.split(",")).map(i -> variants(home).get(Integer.parseInt(i))).toList();
        List<InterleavedRollouts.Result> interleaved = interleavedRuns > 0
                ? InterleavedRollouts.run(home, interleavedVariants, nodes, interleavedRuns, TIMEOUT_SECONDS)
                : List.of();
        List<LargeJarCheck.Outcome> large = largeJar ? LargeJarCheck.run(home) : List.of();
        String md = JvmOptionsReport.markdown(measured, interleaved, large, nodes, runs, idle, String.join(" ", args));
        // A run of some lines only has a section of its own: it does not replace the whole table.
        Results.writeSection(only.isEmpty() ? "jvm-options" : "jvm-options-only", md);
        System.out.println(md);
    }

    private static Measured measure(Path home, Variant variant, long[] start, int nodes, int runs, Duration idle)
            throws Exception {
        String load = ProcStats.loadAverage();
        System.out.printf(Locale.ROOT, "== %s: GRAPEVINE_JVM_OPTS=%s JAVA_OPTS=%s (load %s)%n", variant.label(),
                variant.jvmOpts() == null ? "(unset)" : "\"" + variant.jvmOpts() + "\"", variant.javaOpts(), load);
        LocalCluster cluster = LocalCluster.plan(home, nodes).environment("GRAPEVINE_JVM_OPTS", variant.jvmOpts())
                .environment("JAVA_OPTS", null);
        try {
            cluster.launch(1, variant.javaOpts());
            TimeUnit.SECONDS.sleep(20); // the first gossip rounds, at 250 ms, go quiet
            Idle footprint = Idle.measure(cluster.pids(), new NodeTraffic(cluster.urls()), idle);
            GrapevineDeployments deployments = new GrapevineDeployments(home, cluster, false);
            List<Spread> spreads = new ArrayList<>();
            for (int k = 0; k <= runs; k++) {
                Spread spread = Spread.of(deployments.run(k, 0, TIMEOUT_SECONDS).msPerNode());
                System.out.printf(Locale.ROOT, "  rollout %d%s: %s%n", k, k == 0 ? " (warm-up, not counted)" : "",
                        spread);
                if (k > 0) {
                    spreads.add(spread);
                }
                TimeUnit.SECONDS.sleep(3); // lets the undeployment's gossip go quiet before the next
            }
            long rssAfter = ProcStats.sumRss(cluster.pids()) / nodes;
            return new Measured(variant, start[0], start[1], footprint, Spread.median(spreads), rssAfter, load);
        } finally {
            cluster.stop();
        }
    }

    /**
     * Per variant, the median of {@value #STARTS} starts ({@code scripts/startup-time.sh 1}: ms to the
     * first 200 of /core/status, and the CPU ms by then), the variants taking turns.
     */
    private static List<long[]> startupTimes(List<Variant> variants) throws Exception {
        List<List<Long>> ms = new ArrayList<>();
        List<List<Long>> cpu = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            ms.add(new ArrayList<>());
            cpu.add(new ArrayList<>());
        }
        for (int round = 0; round < STARTS; round++) {
            for (int j = 0; j < variants.size(); j++) {
                int i = (j + round) % variants.size();
                long[] one = startupTime(variants.get(i));
                System.out.printf(Locale.ROOT, "start %d of %s: %d ms (cpu %d ms, load %s)%n", round + 1,
                        variants.get(i).label(), one[0], one[1], ProcStats.loadAverage());
                ms.get(i).add(one[0]);
                cpu.get(i).add(one[1]);
            }
        }
        List<long[]> medians = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            medians.add(new long[] {median(ms.get(i)), median(cpu.get(i))});
        }
        return medians;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return Spread.rank(sorted, 0.5);
    }

    /** One start of {@code scripts/startup-time.sh}: ms to the first 200 of /core/status, and the CPU ms by then. */
    private static long[] startupTime(Variant variant) throws Exception {
        Path script = Path.of(System.getProperty("grapevine.bench.scripts", "scripts"), "startup-time.sh");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "1",
                Integer.toString(LocalCluster.freeBlock(1))).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_OPTS", variant.javaOpts());
        if (variant.jvmOpts() == null) {
            env.remove("GRAPEVINE_JVM_OPTS");
        } else {
            env.put("GRAPEVINE_JVM_OPTS", variant.jvmOpts());
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = RUN.matcher(out);
        if (process.waitFor() != 0 || !m.find()) {
            throw new IllegalStateException("startup-time.sh failed: " + out);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
