package io.grapevine.bench.sim;

import io.grapevine.bench.Results;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.node.GossipSettings;
import io.grapevine.core.node.Jar;
import io.grapevine.core.node.Limits;
import io.grapevine.core.sim.SimulatedCluster;
import io.grapevine.core.sim.SimulatedCluster.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * How fast a new configuration reaches every node, for N = 100 ... 100,000, with push on news and
 * with the backup path alone, beside the push-pull bound log₃N + ln ln N (in rounds of the core
 * interval). Writes {@code results/simulator.csv}, {@code results/simulator.png} and its section of
 * {@code RESULTS.md}. Usage: {@code SimulatorMain [--sizes 100,1000,...] [--seed S] [--loss P] [--fanout F]
 * [--apply-ms MS] [--cores C] [--latency-min-ms MS] [--latency-max-ms MS] [--fetch-latency-ms MS]}.
 */
public final class SimulatorMain {
    static final long JAR_BYTES = 5_130;
    static long WARMUP_MS = 60_000;

    private SimulatorMain() {
    }

    /** One measured case. */
    private record Row(int nodes, boolean push, long virtualMs, double rounds, long exchanges, double wallSeconds,
            double bound, long p50Ms, long p90Ms, long p99Ms, long allExchanges) {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String size : option(args, "--sizes", "100,1000,10000,100000").split(",")) {
            sizes.add(Integer.parseInt(size.strip()));
        }
        long seed = Long.parseLong(option(args, "--seed", "42"));
        double loss = Double.parseDouble(option(args, "--loss", "0.0"));
        WARMUP_MS = Long.parseLong(option(args, "--warmup-s", "60")) * 1000;
        Model lan = Model.lan();
        Model model = new Model(Long.parseLong(option(args, "--latency-min-ms", Long.toString(lan.minLatencyMs()))),
                Long.parseLong(option(args, "--latency-max-ms", Long.toString(lan.maxLatencyMs()))), loss,
                lan.timeoutMs(), Long.parseLong(option(args, "--fetch-latency-ms", Long.toString(lan.fetchLatencyMs()))),
                lan.bytesPerSecond(), Long.parseLong(option(args, "--apply-ms", Long.toString(lan.applyMs()))),
                Integer.parseInt(option(args, "--cores", "0")));
        GossipSettings defaults = GossipSettings.defaults();
        GossipSettings push = new GossipSettings(defaults.intervalMs(), defaults.minIntervalMs(), defaults.maxHints(),
                Integer.parseInt(option(args, "--fanout", Integer.toString(defaults.pushFanout()))),
                defaults.hintsPerMessage());
        GossipSettings backupOnly = new GossipSettings(push.intervalMs(), push.intervalMs(), push.maxHints(), 0,
                push.hintsPerMessage());
        List<Row> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-8s %-6s %8s %8s %8s %10s %8s %8s %12s %8s %12s%n", "N", "push", "p50 s",
                "p90 s", "p99 s", "all s", "rounds", "bound", "exchanges", "wall s", "exchanges/s");
        for (int n : sizes) {
            for (boolean withPush : new boolean[] {true, false}) {
                Row row = run(n, withPush ? push : backupOnly, withPush, seed, model);
                rows.add(row);
                System.out.printf(Locale.ROOT, "%-8d %-6s %8.2f %8.2f %8.2f %10.2f %8.2f %8.2f %12d %8.1f %12.0f%n",
                        row.nodes, row.push ? "on" : "off", row.p50Ms / 1000.0, row.p90Ms / 1000.0, row.p99Ms / 1000.0,
                        row.virtualMs / 1000.0, row.rounds, row.bound, row.exchanges, row.wallSeconds,
                        row.allExchanges / row.wallSeconds);
            }
        }
        write(rows, seed, model, String.join(" ", args));
    }

    private static Row run(int n, GossipSettings settings, boolean push, long seed, Model model) {
        long started = System.nanoTime();
        SimulatedCluster cluster = new SimulatedCluster(n, Math.min(10, n), settings, Limits.defaults(), model, seed);
        cluster.runFor(WARMUP_MS); // hints and rosters spread before the deployment, as in a running cluster
        long before = cluster.messages();
        long deployedAt = cluster.now();
        Jar jar = cluster.upload(0, "io.grapevine.example.counter", "2.0.0", JAR_BYTES);
        cluster.deploy(0, jar);
        DeploymentNumber target = cluster.node(0).current().deployment();
        long took = cluster.runUntilAllOn(target, 3_600_000);
        if (took < 0) {
            throw new IllegalStateException("N=" + n + " did not converge within an hour of virtual time");
        }
        double wall = (System.nanoTime() - started) / 1e9;
        double bound = Math.log(n) / Math.log(3) + Math.log(Math.log(n));
        long[] times = java.util.Arrays.stream(cluster.appliedAt(target)).filter(t -> t >= 0).map(t -> t - deployedAt)
                .sorted().toArray();
        return new Row(n, push, took, took / (double) settings.intervalMs(), cluster.messages() - before,
                wall, bound, percentile(times, 0.5), percentile(times, 0.9), percentile(times, 0.99),
                cluster.messages());
    }

    private static long percentile(long[] sorted, double q) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static void write(List<Row> rows, long seed, Model model, String args) throws Exception {
        Path folder = Results.folder();
        StringBuilder csv = new StringBuilder("nodes,push,p50_ms,p90_ms,p99_ms,all_ms,rounds,bound_rounds,exchanges,wall_s\n");
        rows.forEach(r -> csv.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%.3f,%.3f,%d,%.2f%n", r.nodes,
                r.push, r.p50Ms, r.p90Ms, r.p99Ms, r.virtualMs, r.rounds, r.bound, r.exchanges, r.wallSeconds)));
        Files.writeString(folder.resolve("simulator.csv"), csv);

        XYChart chart = new XYChartBuilder().width(800).height(500).title("Rounds until every node holds a new configuration")
                .xAxisTitle("nodes (log scale)").yAxisTitle("rounds of the 10 s core interval").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.addSeries("push on news (default)", xs(rows, true), ys(rows, true, false));
        chart.addSeries("backup path alone", xs(rows, false), ys(rows, false, false));
        chart.addSeries("log3 N + ln ln N", xs(rows, true), ys(rows, true, true));
        BitmapEncoder.saveBitmap(chart, folder.resolve("simulator").toString(), BitmapEncoder.BitmapFormat.PNG);

        StringBuilder md = new StringBuilder("## Simulator: the production core gossip at scale\n\n");
        md.append(Results.machine()).append("\n\nCommand: `(cd bench && mvn -B -q exec:java@simulator")
                .append(args.isEmpty() ? "" : " -Dexec.args=\"" + args + "\"").append(")`. ")
                .append("It drives `io.grapevine.core.node.Node`, the class the nodes run, catch-up included, through ")
                .append("the core's simulation harness `io.grapevine.core.sim.SimulatedCluster` on a virtual clock (seed ")
                .append(seed).append(", ").append(describe(model)).append(", a ").append(JAR_BYTES / 1000)
                .append(" kB jar, 10 rendezvous, ").append(WARMUP_MS / 1000).append(" s of gossip before the deployment). Times are from the deploy ")
                .append("to each node's apply finishing. A round is one core interval (10 s).\n\n")
                .append("| N | push on news | p50 s | p90 s | p99 s | all s | rounds (all) | log₃N + ln ln N | exchanges in the rollout | wall s | simulated exchanges/s |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(String.format(Locale.ROOT,
                "| %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %.1f | %.0f |%n", r.nodes, r.push ? "on" : "off",
                r.p50Ms / 1000.0, r.p90Ms / 1000.0, r.p99Ms / 1000.0, r.virtualMs / 1000.0, r.rounds, r.bound,
                r.exchanges, r.wallSeconds, r.allExchanges / r.wallSeconds)));
        md.append("\n![rounds until convergence](results/simulator.png)\n");
        Results.writeSection("simulator", md.toString());
        System.out.println("wrote " + folder.resolve("simulator.csv") + ", " + folder.resolve("simulator.png")
                + " and " + Results.file());
    }

    static String describe(Model model) {
        return String.format(Locale.ROOT, "loss %.2f, latency %d-%d ms, %d ms to the first byte of a jar, "
                + "%d ms per apply%s", model.loss(), model.minLatencyMs(), model.maxLatencyMs(), model.fetchLatencyMs(),
                model.applyMs(), model.cores() == 0 ? " on each node's own core" : " on " + model.cores()
                        + " shared cores");
    }

    private static double[] xs(List<Row> rows, boolean push) {
        return rows.stream().filter(r -> r.push == push).mapToDouble(r -> r.nodes).toArray();
    }

    private static double[] ys(List<Row> rows, boolean push, boolean bound) {
        return rows.stream().filter(r -> r.push == push).mapToDouble(r -> bound ? r.bound : r.rounds).toArray();
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
