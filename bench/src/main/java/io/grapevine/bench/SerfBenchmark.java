package io.grapevine.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Serf as a peer in the same run, on the same machine: for each N, N Serf agents on loopback spread a
 * user event ({@code serf event}), then N Grapevine nodes ({@code grapevine-cluster}) spread a
 * deployment ({@code grapevine-ctl deploy}); both timed per node from the trigger, then both left
 * idle for a window in which memory, CPU and traffic are measured. Writes section {@code serf} of
 * RESULTS.md ({@link SerfReport}).
 *
 * <p>Serf is Debian's package {@code serf}, installed by {@code scripts/ensure-serf.sh} when missing
 * (as root or with passwordless sudo); where that is impossible the benchmark says so and stops
 * without touching RESULTS.md.
 *
 * <p>Usage: {@code SerfBenchmark [--nodes 20,100] [--runs 5] [--idle-seconds 60]}.
 */
public final class SerfBenchmark {
    private static final int TIMEOUT_SECONDS = 600;

    /**
     * One system at one N: the spread of each run, when the trigger took effect at the origin (agent or
     * node 0) in each run, and the idle footprint after the runs.
     */
    record Measured(List<Spread> runs, List<Long> originMs, Idle idle, String loadBefore, String loadAfter,
            List<Long> workCpuMs) {
        /** The median over the runs of the CPU all nodes spent on one rollout, beyond what they spend idle. */
        long medianWorkCpuMs() {
            List<Long> sorted = new ArrayList<>(workCpuMs);
            sorted.sort(null);
            return sorted.isEmpty() ? 0 : Spread.rank(sorted, 0.5);
        }

        Spread median() {
            return Spread.median(runs);
        }

        long medianOriginMs() {
            List<Long> sorted = new ArrayList<>(originMs);
            sorted.sort(null);
            return Spread.rank(sorted, 0.5);
        }
    }

    private SerfBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(stringOption(args, "--nodes", "20,100").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int runs = ClusterBenchmark.intOption(args, "--runs", 5);
        Duration idle = Duration.ofSeconds(ClusterBenchmark.intOption(args, "--idle-seconds", 60));
        Path home = Path.of(System.getProperty("grapevine.dist", "../distribution/target/grapevine")).toAbsolutePath().normalize();
        Path serf = Path.of(System.getenv().getOrDefault("GRAPEVINE_SERF", "/usr/bin/serf"));
        String missing = ensureSerf(serf);
        if (missing != null) {
            System.out.println("SerfBenchmark SKIPPED: " + missing);
            return;
        }
        SerfReport report = new SerfReport(serfVersion(serf), String.join(" ", args), runs, idle);
        for (int n : sizes) {
            Measured agents = serf(serf, n, runs, idle);
            Measured nodes = grapevine(home, n, runs, idle);
            report.add(n, agents, nodes);
            System.out.println(report.row(n, agents, nodes));
        }
        Results.writeSection("serf", report.markdown());
        System.out.println(report.markdown());
    }

    private static Measured serf(Path serf, int n, int runs, Duration idle) throws Exception {
        String loadBefore = ProcStats.loadAverage();
        try (SerfAgents agents = SerfAgents.start(serf, n, TIMEOUT_SECONDS)) {
            System.out.printf(Locale.ROOT, "serf: %d agents joined (%s)%n", n, agents.dir());
            settle(5);
            List<Spread> spreads = new ArrayList<>();
            List<Long> originMs = new ArrayList<>();
            for (int k = 1; k <= runs; k++) {
                long trigger = System.currentTimeMillis();
                agents.fire(0, "run-" + k);
                List<Long> arrivals = agents.arrivals(k, trigger, TIMEOUT_SECONDS);
                Spread spread = Spread.of(arrivals);
                spreads.add(spread);
                originMs.add(arrivals.get(0));
                System.out.printf(Locale.ROOT, "serf N=%d run %d: %s, agent 0 after %d ms%n", n, k, spread,
                        arrivals.get(0));
                settle(2);
            }
            settle(10);
            Idle footprint = Idle.measure(agents.pids(), agents.telemetry(), idle);
            System.out.printf(Locale.ROOT, "serf N=%d idle: %s%n", n, footprint);
            return new Measured(spreads, originMs, footprint, loadBefore, ProcStats.loadAverage(), List.of());
        }
    }

    private static Measured grapevine(Path home, int n, int runs, Duration idle) throws Exception {
        String loadBefore = ProcStats.loadAverage();
        LocalCluster cluster = LocalCluster.plan(home, n);
        try {
            cluster.launch(1, "");
            settle(5);
            GrapevineDeployments deployments = new GrapevineDeployments(home, cluster, true);
            List<Spread> spreads = new ArrayList<>();
            List<Long> originMs = new ArrayList<>();
            List<Long> workCpuMs = new ArrayList<>();
            for (int k = 1; k <= runs; k++) {
                settle(10);
                double idleCpuShare = idleCpuShare(cluster.pids(), 5);
                GrapevineDeployments.Run run = deployments.run(k, 0, TIMEOUT_SECONDS);
                Spread spread = Spread.of(run.msPerNode());
                spreads.add(spread);
                originMs.add(run.msPerNode().get(0));
                long work = Math.max(0, run.clusterCpuMs() - Math.round(idleCpuShare * run.wallMs()));
                workCpuMs.add(work);
                System.out.printf(Locale.ROOT, "grapevine N=%d run %d: %s, node 0 after %d ms; CPU of the rollout "
                        + "%d ms over the cluster (%d ms a node), idle share %.3f cores; %d core messages "
                        + "(%.1f a node)%n", n, k, spread, run.msPerNode().get(0), work, work / n, idleCpuShare,
                        run.coreMessages(), run.coreMessages() / (double) n);
            }
            settle(10);
            Idle footprint = Idle.measure(cluster.pids(), new NodeTraffic(cluster.urls()), idle);
            System.out.printf(Locale.ROOT, "grapevine N=%d idle: %s%n", n, footprint);
            return new Measured(spreads, originMs, footprint, loadBefore, ProcStats.loadAverage(), workCpuMs);
        } finally {
            cluster.stop();
        }
    }

    /** Null when {@code serf} is there (installed now if need be), else why it is not. */
    private static String ensureSerf(Path serf) throws Exception {
        if (Files.isExecutable(serf)) {
            return null;
        }
        Path script = Path.of(System.getProperty("grapevine.bench.scripts", "scripts"), "ensure-serf.sh");
        Process process = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        System.out.println(out);
        if (process.waitFor() == 0 && Files.isExecutable(serf)) {
            return null;
        }
        List<String> lines = out.lines().toList();
        return lines.isEmpty() ? serf + " is missing" : lines.get(lines.size() - 1).replaceFirst("^ensure-serf: ", "");
    }

    /** Debian's package version when dpkg knows it (its binary calls itself 0.8.2-dev), else what serf says. */
    private static String serfVersion(Path serf) throws Exception {
        for (List<String> command : List.of(List.of("dpkg-query", "-W", "-f=${Version}", "serf"),
                List.of(serf.toString(), "version"))) {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (process.waitFor() == 0 && !out.isEmpty()) {
                    return (command.get(0).equals("dpkg-query") ? "Debian package serf " : "") + out.lines().findFirst()
                            .orElse(out);
                }
            } catch (java.io.IOException e) {
                // no dpkg here: ask serf itself
            }
        }
        return "unknown";
    }

    static String stringOption(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /**
     * Lets gossip go quiet for {@code seconds} and returns how many cores the processes kept busy
     * meanwhile: what they would have spent anyway during a rollout, taken off its CPU time.
     */
    private static double idleCpuShare(List<Long> pids, int seconds) throws InterruptedException {
        Duration before = ProcStats.sumCpu(pids);
        long start = System.nanoTime();
        settle(seconds);
        return ProcStats.sumCpu(pids).minus(before).toNanos() / (double) (System.nanoTime() - start);
    }

    private static void settle(int seconds) throws InterruptedException {
        TimeUnit.SECONDS.sleep(seconds); // lets gossip go quiet between measurements, not a wait for a result
    }
}
