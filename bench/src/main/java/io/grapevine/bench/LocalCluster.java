package io.grapevine.bench;

import io.grapevine.bench.sim.Calibration;
import io.grapevine.core.node.GossipSettings;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** N nodes started and stopped by {@code bin/grapevine-cluster}, as an operator would. */
final class LocalCluster {
    private final Path home;
    private final Path dir;
    private final List<String> urls;
    /** Environment changes for grapevine-cluster and so for the nodes; a null value removes the variable. */
    private final Map<String, String> environment = new HashMap<>();
    private final Thread stopOnExit;

    private LocalCluster(Path home, Path dir, List<String> urls) {
        this.home = home;
        this.dir = dir;
        this.urls = urls;
        this.stopOnExit = new Thread(() -> {
            try {
                run("stop", "--dir", dir.toString());
            } catch (Exception e) {
                System.err.println("could not stop the nodes of " + dir + ": " + e);
            }
        }, "stop-nodes");
    }

    /** Picks the folder and a block of free ports, so that observers know the nodes' URLs before they start. */
    static LocalCluster plan(Path home, int nodes) throws IOException {
        Path dir = Files.createTempDirectory("grapevine-bench-");
        int base = freeBlock(nodes);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            urls.add("http://127.0.0.1:" + (base + i));
        }
        return new LocalCluster(home, dir, urls);
    }

    /**
     * Starts every node and returns once all answer; the first {@code rendezvous} are everyone's
     * rendezvous. Should the benchmark be stopped (Ctrl-C, SIGTERM) the nodes stop with it.
     */
    LocalCluster launch(int rendezvous, String javaOpts) throws Exception {
        long startedAtMs = System.currentTimeMillis();
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        run("start", Integer.toString(urls.size()), "--rendezvous", Integer.toString(rendezvous),
                "--base-port", urls.get(0).substring(urls.get(0).lastIndexOf(':') + 1), "--dir", dir.toString(),
                "--timeout", "900", "--java-opts", javaOpts);
        System.out.printf("%d nodes up after %d ms (%s)%n", urls.size(), System.currentTimeMillis() - startedAtMs,
                dir);
        return this;
    }

    List<String> urls() {
        return urls;
    }


    /** Sets (or, with {@code null}, removes) an environment variable of the nodes started from now on. */
    LocalCluster environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The pids of the nodes' JVMs, from their pid files. */
    List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (Path pidFile : pidFiles()) {
            pids.add(Long.parseLong(Files.readString(pidFile).strip()));
        }
        return pids;
    }

    /** Waits until every node runs {@code token}, asking every 200 ms; returns the ms it took from {@code sinceNanos}. */
    long awaitDeployment(String token, long sinceNanos, int timeoutSeconds) throws Exception {
        // The nodes' events hold the times: polling gently leaves the machine's cores to the rollout.
        return awaitDeployment(token, sinceNanos, timeoutSeconds, 200);
    }

    /** As above, asking every {@code pollMs}: the returned time is only as fine as that. */
    long awaitDeployment(String token, long sinceNanos, int timeoutSeconds, long pollMs) throws Exception {
        long deadline = sinceNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<String> waiting = new ArrayList<>(urls);
        while (true) {
            waiting.removeIf(url -> token.equals(deployment(url)));
            if (waiting.isEmpty()) {
                return (System.nanoTime() - sinceNanos) / 1_000_000;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(waiting + " not on " + token + " after " + timeoutSeconds + " s");
            }
            TimeUnit.MILLISECONDS.sleep(pollMs);
        }
    }

    /** Deploys {@code jar} at node 0 (a rendezvous) and reads, per node, when it started {@code module}. */
    ClusterBenchmark.Rollout rollout(String label, GossipSettings settings, Path jar, String module) throws Exception {
        long bytesBefore = sum("grapevine_bundle_bytes_fetched_total ");
        List<Long> pids = pids();
        java.time.Duration restStart = ProcStats.sumCpu(pids);
        long restNanos = System.nanoTime();
        TimeUnit.SECONDS.sleep(5); // what the nodes spend anyway, measured right before the rollout
        double idleCores = ProcStats.sumCpu(pids).minus(restStart).toNanos() / (double) (System.nanoTime() - restNanos);
        java.time.Duration cpuBefore = ProcStats.sumCpu(pids);
        long requested = System.currentTimeMillis();
        String token = NodeClient.deploy(urls.get(0), jar);
        awaitDeployment(token, System.nanoTime(), 900);
        List<Long> times = new ArrayList<>();
        for (String url : urls) {
            long at = -1;
            long deadline = System.currentTimeMillis() + 60_000;
            while (at < 0 && System.currentTimeMillis() < deadline) {
                at = NodeClient.moduleStartedAt(url, module, requested);
                if (at < 0) {
                    TimeUnit.MILLISECONDS.sleep(50); // polling interval
                }
            }
            if (at < 0) {
                throw new IllegalStateException(url + " never started " + module);
            }
            times.add(at - requested);
        }
        long wallMs = System.currentTimeMillis() - requested;
        long workMs = Math.max(0, ProcStats.sumCpu(pids).minus(cpuBefore).toMillis() - Math.round(idleCores * wallMs));
        return new ClusterBenchmark.Rollout(label, settings, times, sum("grapevine_bundle_bytes_fetched_total ") - bytesBefore,
                Files.size(jar), token, calibrate(token, workMs / urls.size()));
    }

    /** The simulator's model fitted to this rollout's events on every node ({@link Calibration}). */
    private Calibration calibrate(String deployment, long cpuMsPerNode) throws IOException, InterruptedException {
        List<Calibration.NodeEvents> events = new ArrayList<>();
        for (String url : urls) {
            List<com.google.gson.JsonElement> list = new ArrayList<>();
            NodeClient.get(url, "/core/events").getAsJsonArray().forEach(list::add);
            // Named as peers name it, as the events' "from <peer>" does.
            String address = NodeClient.get(url, "/core/status").getAsJsonObject().get("address").getAsString();
            events.add(new Calibration.NodeEvents(address, list));
        }
        return Calibration.fit(events, deployment, Runtime.getRuntime().availableProcessors(), cpuMsPerNode);
    }

    long peakRssBytes() throws IOException {
        long total = 0;
        for (Path pidFile : pidFiles()) {
            Path status = Path.of("/proc", Files.readString(pidFile).strip(), "status");
            if (Files.exists(status)) {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            }
        }
        return total;
    }

    /** How many lines of the nodes' logs contain {@code text}. */
    int countInLogs(String text) throws IOException {
        int count = 0;
        for (Path pidFile : pidFiles()) {
            Path log = pidFile.resolveSibling("node.log");
            if (Files.exists(log)) {
                try (var lines = Files.lines(log)) {
                    count += (int) lines.filter(line -> line.contains(text)).count();
                }
            }
        }
        return count;
    }

    void stop() throws Exception {
        run("stop", "--dir", dir.toString());
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // exiting already, or never launched
        }
    }

    private List<Path> pidFiles() throws IOException {
        List<Path> pids = new ArrayList<>();
        try (var folders = Files.list(dir)) {
            for (Path folder : folders.toList()) {
                if (Files.exists(folder.resolve("pid"))) {
                    pids.add(folder.resolve("pid"));
                }
            }
        }
        return pids;
    }

    /** {@code metric} summed over the nodes. */
    long sum(String metric) throws Exception {
        long total = 0;
        for (String url : urls) {
            total += NodeClient.metric(url, metric);
        }
        return total;
    }

    private static String deployment(String url) {
        try {
            JsonElement value = NodeClient.get(url, "/core/status").getAsJsonObject().get("deployment");
            return value.isJsonNull() ? null : value.getAsString();
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/grapevine-cluster").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("GRAPEVINE_ADMIN_PASSWORD", NodeClient.PASSWORD);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("grapevine-cluster " + args[0] + " failed");
        }
    }

    static int freeBlock(int count) throws IOException {
        return io.grapevine.bench.faults.FaultCluster.freeBlock(count);
    }
}
