package io.grapevine.bench;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Every 5 s, the cluster's total messages and bytes sent by the core and by the modules (from
 * each node's {@code /core/metrics}); rates over time give the paper's Figure 5.
 */
final class MessageSampler {
    private static final int PERIOD_SECONDS = 5;

    /** Cumulative totals at one moment. */
    private record Sample(long atMs, long core, long module, long coreBytes, long moduleBytes, long rumourBytes) {
    }

    private final List<String> urls;
    private final long originMs;
    private final List<Sample> samples = new ArrayList<>();
    private final long[] lastCore;
    private final long[] lastModule;
    private final long[] lastCoreBytes;
    private final long[] lastModuleBytes;
    private final long[] lastRumourBytes;
    private Thread thread;
    private volatile boolean running;
    private long convergedAtMs = -1;

    MessageSampler(List<String> urls, long originMs) {
        this.urls = urls;
        this.originMs = originMs;
        this.lastCore = new long[urls.size()];
        this.lastModule = new long[urls.size()];
        this.lastCoreBytes = new long[urls.size()];
        this.lastModuleBytes = new long[urls.size()];
        this.lastRumourBytes = new long[urls.size()];
    }

    void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    ClusterBenchmark.sleepSeconds(PERIOD_SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "message-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits out a measurement window; the first call after the rollout marks convergence. */
    void sleepAndSample(int seconds) throws InterruptedException {
        if (!samples.isEmpty()) {
            convergedAtMs = System.currentTimeMillis();
        }
        ClusterBenchmark.sleepSeconds(seconds);
    }

    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        sample();
    }

    private void sample() {
        // All nodes asked at once: a sweep takes one request timeout at worst, not one per node.
        List<CompletableFuture<String>> answers = urls.stream().map(NodeClient::metricsText).toList();
        for (int i = 0; i < urls.size(); i++) {
            try {
                String text = answers.get(i).get();
                lastCore[i] = NodeClient.sum(text, "grapevine_core_messages_sent_total ");
                lastModule[i] = NodeClient.sum(text, "grapevine_module_messages_sent_total{");
                lastCoreBytes[i] = NodeClient.sum(text, "grapevine_core_bytes_sent_total ");
                lastModuleBytes[i] = NodeClient.sum(text, "grapevine_module_bytes_sent_total{");
                lastRumourBytes[i] = NodeClient.sum(text, "grapevine_roster_rumour_bytes_sent_total ");
            } catch (ExecutionException e) {
                // Not up yet, or too busy to answer: its last counts stand, so no rate dips below zero.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        synchronized (samples) {
            samples.add(new Sample(System.currentTimeMillis(), LongStream.of(lastCore).sum(),
                    LongStream.of(lastModule).sum(), LongStream.of(lastCoreBytes).sum(),
                    LongStream.of(lastModuleBytes).sum(), LongStream.of(lastRumourBytes).sum()));
        }
    }

    double coreRateAfter() {
        Sample[] window = afterConvergence();
        return (window[1].core - window[0].core) * 1000.0 / Math.max(1, window[1].atMs - window[0].atMs);
    }

    double moduleRateAfter() {
        Sample[] window = afterConvergence();
        return (window[1].module - window[0].module) * 1000.0 / Math.max(1, window[1].atMs - window[0].atMs);
    }

    double shareAfter() {
        double core = coreRateAfter();
        double module = moduleRateAfter();
        return core + module == 0 ? 0 : core / (core + module);
    }

    /** Bytes per second over the cluster after convergence: {core, modules, of the core's the roster rumours}. */
    double[] bytesRateAfter() {
        Sample[] window = afterConvergence();
        double seconds = Math.max(1, window[1].atMs - window[0].atMs) / 1000.0;
        return new double[] {(window[1].coreBytes - window[0].coreBytes) / seconds,
                (window[1].moduleBytes - window[0].moduleBytes) / seconds,
                (window[1].rumourBytes - window[0].rumourBytes) / seconds};
    }

    double byteShareAfter() {
        double[] rates = bytesRateAfter();
        return rates[0] + rates[1] == 0 ? 0 : rates[0] / (rates[0] + rates[1]);
    }

    /** Seconds the after-convergence window spans. */
    double windowSeconds() {
        Sample[] window = afterConvergence();
        return (window[1].atMs - window[0].atMs) / 1000.0;
    }

    private Sample[] afterConvergence() {
        synchronized (samples) {
            Sample first = samples.stream().filter(s -> s.atMs >= convergedAtMs).findFirst()
                    .orElse(samples.get(0));
            return new Sample[] {first, samples.get(samples.size() - 1)};
        }
    }

    void write(Path csv, Path png) throws IOException {
        StringBuilder out = new StringBuilder("seconds,core_per_s,module_per_s,core_share\n");
        List<Double> x = new ArrayList<>();
        List<Double> share = new ArrayList<>();
        synchronized (samples) {
            for (int i = 1; i < samples.size(); i++) {
                Sample a = samples.get(i - 1);
                Sample b = samples.get(i);
                double seconds = (b.atMs - a.atMs) / 1000.0;
                double core = (b.core - a.core) / seconds;
                double module = (b.module - a.module) / seconds;
                double t = (b.atMs - originMs) / 1000.0;
                if (core + module == 0) {
                    // No node up yet, or none sent anything: a share of nothing is not 0 %.
                    out.append(String.format(Locale.ROOT, "%.1f,0,0,%n", t));
                    continue;
                }
                double s = core / (core + module);
                out.append(String.format(Locale.ROOT, "%.1f,%.2f,%.2f,%.4f%n", t, core, module, s));
                x.add(t);
                share.add(s * 100);
            }
        }
        Files.writeString(csv, out);
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Share of messages sent by the core (Figure 5)")
                .xAxisTitle("seconds since the first node started").yAxisTitle("core share of messages, %").build();
        chart.addSeries("core share", x, share);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
