package io.grapevine.bench.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Every {@code periodMs}, how many nodes of each group run the deployment a scenario waits for,
 * with the faults marked (a kill, a restart, a split, a heal): the scenario's timeline as a plot.
 */
public final class Timeline implements AutoCloseable {
    /** One group of nodes counted on its own line. */
    public record Group(String label, Predicate<FaultNode> members) {
    }

    private record Point(double seconds, int[] counts) {
    }

    private record Mark(double seconds, String what) {
    }

    private final FaultCluster cluster;
    private final List<Group> groups;
    private final long originNanos = System.nanoTime();
    private final List<Point> points = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final ExecutorService probes = Executors.newFixedThreadPool(8);
    private volatile String target;
    private volatile boolean running = true;
    private final Thread thread;

    public Timeline(FaultCluster cluster, List<Group> groups, long periodMs) {
        this.cluster = cluster;
        this.groups = groups;
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    TimeUnit.MILLISECONDS.sleep(periodMs); // the sampling period of the plot
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "timeline");
        thread.setDaemon(true);
        thread.start();
    }

    /** From now on, counts the nodes on {@code deployment}. */
    public void target(String deployment) {
        this.target = deployment;
    }

    public synchronized void mark(String what) {
        marks.add(new Mark(seconds(), what));
    }

    public double seconds() {
        return (System.nanoTime() - originNanos) / 1e9;
    }

    private void sample() {
        String on = target;
        double at = seconds();
        List<CompletableFuture<Boolean>> answers = cluster.nodes().stream()
                .map(n -> CompletableFuture.supplyAsync(() -> on != null && n.alive() && on.equals(n.deploymentOrNull()),
                        probes)).toList();
        int[] counts = new int[groups.size()];
        for (int i = 0; i < cluster.size(); i++) {
            if (answers.get(i).join()) {
                for (int g = 0; g < groups.size(); g++) {
                    if (groups.get(g).members().test(cluster.get(i))) {
                        counts[g]++;
                    }
                }
            }
        }
        synchronized (this) {
            points.add(new Point(at, counts));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        probes.shutdownNow();
    }

    /** Writes {@code <file>.png} and {@code <file>.csv}; returns the PNG's file name. */
    public synchronized String write(Path folder, String file, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
                .xAxisTitle("seconds").yAxisTitle("nodes on the deployment that wins").build();
        StringBuilder csv = new StringBuilder("seconds");
        groups.forEach(g -> csv.append(',').append(g.label()));
        csv.append('\n');
        for (Point p : points) {
            csv.append(String.format(Locale.ROOT, "%.2f", p.seconds()));
            for (int c : p.counts()) {
                csv.append(',').append(c);
            }
            csv.append('\n');
        }
        for (int g = 0; g < groups.size(); g++) {
            int group = g;
            XYSeries series = chart.addSeries(groups.get(g).label(), points.stream().mapToDouble(Point::seconds).toArray(),
                    points.stream().mapToDouble(p -> p.counts()[group]).toArray());
            series.setMarker(SeriesMarkers.NONE);
        }
        List<String> kinds = marks.stream().map(m -> m.what().split(" ")[0]).distinct().toList();
        for (String kind : kinds) {
            List<Mark> these = marks.stream().filter(m -> m.what().startsWith(kind + " ") || m.what().equals(kind)).toList();
            XYSeries series = chart.addSeries(kind, these.stream().mapToDouble(Mark::seconds).toArray(),
                    these.stream().mapToDouble(m -> 0.0).toArray());
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        csv.append("\nmark_seconds,what\n");
        marks.forEach(m -> csv.append(String.format(Locale.ROOT, "%.2f,%s%n", m.seconds(), m.what())));
        java.nio.file.Files.writeString(folder.resolve(file + ".csv"), csv);
        BitmapEncoder.saveBitmap(chart, folder.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        return file + ".png";
    }
}
