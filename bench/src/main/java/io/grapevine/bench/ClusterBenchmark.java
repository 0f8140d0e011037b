package io.grapevine.bench;

import io.grapevine.bench.sim.Calibration;
import io.grapevine.core.node.GossipSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The paper's two figures on real nodes: N full nodes (own JVM, framework, HTTP port, data folder)
 * on loopback, K of them rendezvous, the membership module as the workload. It records from the
 * nodes' own metrics and event logs the messages per second sent by the core and by the modules
 * (Figure 5) and, for a deployment made at a rendezvous node, when each node started the new
 * module (Figure 6) — once with push on news and once with the core interval alone.
 *
 * <p>Usage: {@code ClusterBenchmark [--nodes 100] [--rendezvous 10] [--settle-seconds 60]}.
 */
public final class ClusterBenchmark {
    private static final String NODE_JAVA_OPTS = "-Xmx96m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
            + " -XX:CICompilerCount=1 -Dgrapevine.gossip.interval.ms=10000";
    private static final String NO_PUSH = " -Dgrapevine.gossip.push.fanout=0 -Dgrapevine.gossip.min.interval.ms=10000";

    private ClusterBenchmark() {
    }

    /** One rollout: per node, ms from the deploy request to the new module running there. */
    record Rollout(String label, GossipSettings settings, List<Long> times, long bytesFetched, long jarSize,
            String deployment, Calibration calibration) {
        long percentile(double q) {
            List<Long> sorted = new ArrayList<>(times);
            sorted.sort(null);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        }
    }

    public static void main(String[] args) throws Exception {
        int nodes = intOption(args, "--nodes", 100);
        int rendezvous = intOption(args, "--rendezvous", 10);
        int settle = intOption(args, "--settle-seconds", 60);
        Path home = Path.of(System.getProperty("grapevine.dist", "../distribution/target/grapevine")).toAbsolutePath();
        Path workload = library(home, "membership");
        List<Rollout> rollouts = new ArrayList<>();
        MessageSampler sampler = null;
        long peakRss = 0;
        for (boolean push : new boolean[] {true, false}) {
            LocalCluster cluster = LocalCluster.plan(home, nodes);
            try {
                if (push) {
                    // Figure 5 runs from the first node's start: the sampler counts each node once it answers.
                    sampler = new MessageSampler(cluster.urls(), System.currentTimeMillis());
                    sampler.start();
                }
                cluster.launch(rendezvous, NODE_JAVA_OPTS + (push ? "" : NO_PUSH));
                if (push) {
                    cluster.awaitDeployment(NodeClient.deploy(cluster.urls().get(0), workload), System.nanoTime(), 600);
                    System.out.printf(Locale.ROOT, "workload %s running on all %d nodes%n", workload.getFileName(),
                            nodes);
                    sampler.sleepAndSample(settle);
                }
                Path jar = home.resolve(push ? "examples/counter-1.0.0.jar" : "examples/counter-2.0.0.jar");
                GossipSettings d = GossipSettings.defaults();
                GossipSettings settings = push ? d
                        : new GossipSettings(d.intervalMs(), 10_000, d.maxHints(), 0, d.hintsPerMessage(), d.quietPeers(),
                                d.quietRounds()); // as NO_PUSH sets them
                Rollout rollout = cluster.rollout(push ? "push on news" : "core interval alone", settings, jar,
                        "io.grapevine.example.counter");
                rollouts.add(rollout);
                System.out.printf(Locale.ROOT, "%s: p50 %d ms, p90 %d ms, p100 %d ms; bundle bytes %d = %.2f x (N-1) x jar%n",
                        rollout.label(), rollout.percentile(0.5), rollout.percentile(0.9), rollout.percentile(1.0),
                        rollout.bytesFetched(), rollout.bytesFetched() / (double) ((nodes - 1) * rollout.jarSize()));
                if (push) {
                    sampler.sleepAndSample(settle);
                    sampler.stop();
                }
                peakRss = Math.max(peakRss, cluster.peakRssBytes());
            } finally {
                cluster.stop();
            }
        }
        report(nodes, rendezvous, rollouts, sampler, peakRss, String.join(" ", args));
    }

    private static void report(int nodes, int rendezvous, List<Rollout> rollouts, MessageSampler sampler, long peakRss,
            String args) throws IOException {
        Path folder = Results.folder();
        XYChart s = new XYChartBuilder().width(800).height(500).title("Nodes running the new module (Figure 6)")
                .xAxisTitle("seconds after the deploy request").yAxisTitle("nodes updated").build();
        StringBuilder csv = new StringBuilder("rollout,node_rank,ms\n");
        for (Rollout r : rollouts) {
            List<Long> sorted = new ArrayList<>(r.times());
            sorted.sort(null);
            double[] x = new double[sorted.size()];
            double[] y = new double[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                x[i] = sorted.get(i) / 1000.0;
                y[i] = i + 1;
                csv.append(r.label()).append(',').append(i + 1).append(',').append(sorted.get(i)).append('\n');
            }
            s.addSeries(r.label(), x, y);
        }
        Files.writeString(folder.resolve("rollout.csv"), csv);
        BitmapEncoder.saveBitmap(s, folder.resolve("rollout").toString(), BitmapEncoder.BitmapFormat.PNG);
        sampler.write(folder.resolve("messages.csv"), folder.resolve("messages"));

        StringBuilder md = new StringBuilder("## Real cluster: the paper's Figures 5 and 6\n\n");
        md.append(Results.machine()).append("\n\nCommand: `(cd bench && mvn -B -q exec:java@cluster")
                .append(args.isEmpty() ? "" : " -Dexec.args=\"" + args + "\"").append(")`. ")
                .append(nodes).append(" full nodes (one JVM each: own Felix, HTTP port, data folder), ")
                .append(rendezvous).append(" rendezvous, core interval 10 s, the membership module (every 5 s) as ")
                .append("the workload; a deployment of the counter example made at a rendezvous node.\n\n")
                .append("| rollout | p50 | p90 | p100 | bundle bytes fetched | ÷ (N−1) × jar |\n|---|---|---|---|---|---|\n");
        for (Rollout r : rollouts) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f s | %d | %.2f |%n", r.label(),
                    r.percentile(0.5) / 1000.0, r.percentile(0.9) / 1000.0, r.percentile(1.0) / 1000.0,
                    r.bytesFetched(), r.bytesFetched() / (double) ((nodes - 1) * r.jarSize())));
        }
        md.append("\nThe simulator beside each real rollout: its model fitted to the rollout's own events and CPU"
                + " (`Calibration`: one-way latency from the fetches, from a node hearing of the deployment to"
                + " adopting it, as two one-way latencies each, since a fetch never waits for a gossip round; the"
                + " CPU time the nodes spent on the rollout beyond their idle use, per node, as the work of an"
                + " apply on this machine's cores), then the same rollout simulated on as many nodes with the"
                + " gossip settings its real nodes ran; ratio = simulated ÷ real.\n\n"
                + "| rollout | real p50 | sim p50 | ratio | real p90 | sim p90 | ratio | model |\n|---|---|---|---|---|---|---|---|\n");
        for (Rollout r : rollouts) {
            List<Long> simulated = r.calibration().simulate(nodes, 1, r.settings());
            double real50 = r.percentile(0.5);
            double real90 = r.percentile(0.9);
            double sim50 = Calibration.percentile(simulated, 0.5);
            double sim90 = Calibration.percentile(simulated, 0.9);
            md.append(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f | %.2f s | %.2f s | %.2f | %s |%n",
                    r.label(), real50 / 1000, sim50 / 1000, sim50 / real50, real90 / 1000, sim90 / 1000, sim90 / real90,
                    r.calibration().describeMeasured() + "; " + r.calibration().describeModel()));
        }
        double[] bytes = sampler.bytesRateAfter();
        md.append(String.format(Locale.ROOT, "%nCore share in the %.0f s after convergence: %.1f %% of messages "
                + "(core %.2f, modules %.1f messages/s over the cluster) and %.1f %% of bytes (core %.0f, of them %.0f "
                + "of roster rumours on module messages; modules %.0f bytes/s). Peak memory of all node processes (sum of RSS): %.1f GiB.%n%n",
                sampler.windowSeconds(), sampler.shareAfter() * 100, sampler.coreRateAfter(), sampler.moduleRateAfter(),
                sampler.byteShareAfter() * 100, bytes[0], bytes[2], bytes[1], peakRss / 1024.0 / 1024 / 1024))
                .append("![nodes updated over time](results/rollout.png)\n\n")
                .append("![core share of messages over time](results/messages.png)\n");
        Results.writeSection("cluster", md.toString());
        System.out.println(md);
    }

    private static Path library(Path home, String name) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("modules"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(name + "-")).findFirst()
                    .orElseThrow(() -> new IOException("no " + name + " module in " + home.resolve("modules")));
        }
    }

    static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    static void sleepSeconds(long seconds) throws InterruptedException {
        TimeUnit.SECONDS.sleep(seconds); // a measurement window, not a wait for a result
    }
}
