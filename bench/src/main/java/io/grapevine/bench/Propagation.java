package io.grapevine.bench;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Propagation of a deployment over N real nodes on loopback, started with {@code bin/grapevine-cluster}:
 * a warm-up deployment, then R deployments made at node 1 (the counter example, v2 and v1 in turn),
 * each timed from the request until every node reports the new deployment in {@code /core/status}.
 * Then one quiet minute of metrics: messages sent by the core and by the modules.
 *
 * <p>Usage: {@code Propagation [--nodes N] [--runs R] [--rendezvous K] [--quiet-seconds S]}.
 */
public final class Propagation {
    private static final String PASSWORD = "bench";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Propagation() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = intOption(args, "--nodes", 5);
        int runs = intOption(args, "--runs", 5);
        int rendezvous = intOption(args, "--rendezvous", 1);
        int quietSeconds = intOption(args, "--quiet-seconds", 60);
        Path home = Path.of(System.getProperty("grapevine.dist", "distribution/target/grapevine")).toAbsolutePath();
        Path dir = Files.createTempDirectory("grapevine-bench-");
        int basePort = freeBlock(nodes);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            urls.add("http://127.0.0.1:" + (basePort + i));
        }
        System.out.printf(Locale.ROOT, "propagation: %d nodes, %d rendezvous, %d runs, ports %d-%d, %s%n", nodes,
                rendezvous, runs, basePort, basePort + nodes - 1, dir);
        cluster(home, "start", Integer.toString(nodes), "--rendezvous", Integer.toString(rendezvous),
                "--base-port", Integer.toString(basePort), "--dir", dir.toString(), "--timeout", "300");
        try {
            String deployer = urls.get(Math.min(1, nodes - 1));
            byte[][] jars = {Files.readAllBytes(home.resolve("examples/counter-2.0.0.jar")),
                Files.readAllBytes(home.resolve("examples/counter-1.0.0.jar"))};
            long warmUp = timeRollout(urls, deployer, Files.readAllBytes(home.resolve("examples/counter-1.0.0.jar")));
            System.out.printf(Locale.ROOT, "warm-up deployment: %d ms (not counted)%n", warmUp);
            List<Long> times = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                long ms = timeRollout(urls, deployer, jars[run % 2]);
                times.add(ms);
                System.out.printf(Locale.ROOT, "run %d: all %d nodes on the new deployment after %d ms%n", run + 1,
                        nodes, ms);
            }
            List<Long> sorted = new ArrayList<>(times);
            sorted.sort(null);
            System.out.printf(Locale.ROOT, "median %d ms, min %d ms, max %d ms over %d runs (N=%d)%n",
                    sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), runs, nodes);
            if (quietSeconds > 0) {
                quietMinute(urls, quietSeconds);
            }
        } finally {
            cluster(home, "stop", "--dir", dir.toString());
        }
    }

    /** Deploys {@code jar} at {@code deployer} and waits until every node runs the new deployment. */
    private static long timeRollout(List<String> urls, String deployer, byte[] jar) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(deployer + "/core/deployments"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/java-archive").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("deploy refused: " + answer.body());
        }
        String token = JsonParser.parseString(answer.body()).getAsJsonObject().get("deployment").getAsString();
        long deadline = start + TimeUnit.MINUTES.toNanos(5);
        List<String> waiting = new ArrayList<>(urls);
        while (!waiting.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nodes still not on " + token + " after 5 min: " + waiting);
            }
            List<String> still = new ArrayList<>();
            for (String url : waiting) {
                if (!token.equals(deployment(url))) {
                    still.add(url);
                }
            }
            waiting = still;
            if (!waiting.isEmpty()) {
                Thread.sleep(10); // polling interval of the measurement, not a wait for a result
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void quietMinute(List<String> urls, int seconds) throws Exception {
        long[] before = totals(urls);
        System.out.printf(Locale.ROOT, "measuring %d quiet seconds after convergence...%n", seconds);
        Thread.sleep(seconds * 1000L); // the measurement window itself
        long[] after = totals(urls);
        long core = after[0] - before[0];
        long module = after[1] - before[1];
        System.out.printf(Locale.ROOT, "in %d s: core sent %d messages (%.1f per node per minute), modules %d;"
                + " core share %.1f %%%n", seconds, core, core * 60.0 / seconds / urls.size(), module,
                core + module == 0 ? 0.0 : 100.0 * core / (core + module));
    }

    /** Sum over nodes of core and module messages sent. */
    private static long[] totals(List<String> urls) throws Exception {
        long core = 0;
        long module = 0;
        for (String url : urls) {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/core/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("grapevine_core_messages_sent_total ")) {
                    core += Long.parseLong(line.substring(line.indexOf(' ') + 1).strip());
                } else if (line.startsWith("grapevine_module_messages_sent_total{")) {
                    module += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1).strip());
                }
            }
        }
        return new long[] {core, module};
    }

    private static String deployment(String url) {
        try {
            HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/core/status"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            var value = JsonParser.parseString(status.body()).getAsJsonObject().get("deployment");
            return value.isJsonNull() ? null : value.getAsString();
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void cluster(Path home, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/grapevine-cluster").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("GRAPEVINE_ADMIN_PASSWORD", PASSWORD);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("grapevine-cluster " + String.join(" ", args) + " failed");
        }
    }

    /** The first port of {@code count} consecutive free loopback ports. */
    private static int freeBlock(int count) throws IOException {
        for (int base = 20000; base < 60000; base += count + 7) {
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

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
