package io.grapevine.bench;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** N nodes started and stopped by {@code bin/grapevine-cluster}, as an operator would. */
final class LocalCluster {
    private final Path home;
    private final Path dir;
    private final List<String> urls;
    private final long startedAtMs;

    private LocalCluster(Path home, Path dir, List<String> urls, long startedAtMs) {
        this.home = home;
        this.dir = dir;
        this.urls = urls;
        this.startedAtMs = startedAtMs;
    }

    static LocalCluster start(Path home, int nodes, int rendezvous, String javaOpts) throws Exception {
        Path dir = Files.createTempDirectory("grapevine-bench-");
        int base = freeBlock(nodes);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            urls.add("http://127.0.0.1:" + (base + i));
        }
        long started = System.currentTimeMillis();
        run(home, "start", Integer.toString(nodes), "--rendezvous", Integer.toString(rendezvous), "--base-port",
                Integer.toString(base), "--dir", dir.toString(), "--timeout", "900", "--java-opts", javaOpts);
        System.out.printf("%d nodes up after %d ms (%s)%n", nodes, System.currentTimeMillis() - started, dir);
        return new LocalCluster(home, dir, urls, started);
    }

    List<String> urls() {
        return urls;
    }

    long startedAtMs() {
        return startedAtMs;
    }

    /** Waits until every node runs {@code token}. */
    void awaitDeployment(String token, int timeoutSeconds) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        for (String url : urls) {
            while (!token.equals(deployment(url))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(url + " not on " + token + " after " + timeoutSeconds + " s");
                }
                TimeUnit.MILLISECONDS.sleep(50); // polling interval
            }
        }
    }

    /** Deploys {@code jar} at node 0 (a rendezvous) and reads, per node, when it started {@code module}. */
    ClusterBenchmark.Rollout rollout(String label, Path jar, String module) throws Exception {
        long bytesBefore = sum("grapevine_bundle_bytes_fetched_total ");
        long requested = System.currentTimeMillis();
        String token = NodeClient.deploy(urls.get(0), jar);
        awaitDeployment(token, 900);
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
        return new ClusterBenchmark.Rollout(label, times, sum("grapevine_bundle_bytes_fetched_total ") - bytesBefore,
                Files.size(jar));
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

    void stop() throws Exception {
        run(home, "stop", "--dir", dir.toString());
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

    private long sum(String metric) throws Exception {
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

    private static void run(Path home, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/grapevine-cluster").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("GRAPEVINE_ADMIN_PASSWORD", NodeClient.PASSWORD);
        Process process = builder.start();
        if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("grapevine-cluster " + args[0] + " failed");
        }
    }

    private static int freeBlock(int count) throws IOException {
        for (int base = 21000; base < 60000; base += count + 7) {
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no block of " + count + " free ports");
    }
}
