package io.grapevine.bench.faults;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real node, {@code bin/grapevine} as its own process, that a fault scenario can kill with
 * SIGKILL, start again on the same data folder, run inside a network namespace
 * ({@code ip netns exec}) or under a skewed clock (extra environment, e.g. libfaketime's).
 */
public final class FaultNode {
    public static final String PASSWORD = "faults-admin-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int index;
    private final String host;
    private final int port;
    private final Path data;
    private final Path log;
    private final Spec spec;
    private Process process;
    private long startedAtMs;

    /**
     * How the nodes of a cluster are started.
     *
     * @param home the assembled node ({@code distribution/target/grapevine})
     * @param files the shared trust root and keys
     * @param javaOpts the nodes' {@code JAVA_OPTS}
     * @param rendezvous everyone's rendezvous, {@code host:port,...}
     */
    public record Spec(Path home, ClusterFiles files, String javaOpts, String rendezvous) {
    }

    FaultNode(int index, String host, int port, Path dir, Spec spec) {
        this.index = index;
        this.host = host;
        this.port = port;
        this.data = dir.resolve("node-" + index).resolve("data");
        this.log = dir.resolve("node-" + index).resolve("node.log");
        this.spec = spec;
    }

    public int index() {
        return index;
    }

    public String nodeId() {
        return "node." + index;
    }

    public String address() {
        return host + ":" + port;
    }

    public String url(String path) {
        return "http://" + address() + path;
    }

    public Path data() {
        return data;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** When the last start was launched (wall clock of this process, ms). */
    public long startedAtMs() {
        return startedAtMs;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Launches the process; {@code prefix} (e.g. {@code ip netns exec ns}) and {@code env} may be empty. */
    public void launch(List<String> prefix, Map<String, String> env, String extraJavaOpts) throws IOException {
        Files.createDirectories(data);
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(spec.home().resolve("bin/grapevine").toString(), "--port", Integer.toString(port),
                "--host", host, "--bind", host, "--data", data.toString(), "--node-id", nodeId(),
                "--trust", spec.files().trust().toString(), "--deployer-key", spec.files().deployerKey().toString(),
                "--cluster-key", spec.files().clusterKey().toString(), "--admin-password", PASSWORD));
        if (!spec.rendezvous().isEmpty()) {
            command.addAll(List.of("--rendezvous", spec.rendezvous()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("JAVA_OPTS", (spec.javaOpts() + " " + extraJavaOpts).strip());
        builder.environment().putAll(env);
        startedAtMs = System.currentTimeMillis();
        process = builder.start();
    }

    /** Waits until {@code /core/status} answers as this node; false when the process exited first. */
    public boolean awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                return false;
            }
            try {
                if (nodeId().equals(status().get("nodeId").getAsString())) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // not up yet
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling interval
        }
        throw new IllegalStateException(nodeId() + " did not answer within " + timeout + ", see " + log);
    }

    /** SIGKILL: the node dies at once, as in a crash. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, without waiting. */
    public void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /** SIGTERM and wait; the exit code. */
    public int stop() throws InterruptedException {
        if (process == null) {
            return -1;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** Waits for the process to exit by itself; its exit code, or null if it still runs. */
    public Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    public JsonObject status() throws IOException, InterruptedException {
        return get("/core/status").getAsJsonObject();
    }

    /** The deployment this node runs, or null (also when it does not answer). */
    public String deploymentOrNull() {
        try {
            JsonElement d = status().get("deployment");
            return d.isJsonNull() ? null : d.getAsString();
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What this node runs, with each module that is not running and its state, for a timeout's message. */
    public String describe() {
        try {
            JsonObject status = status();
            StringBuilder text = new StringBuilder("on " + status.get("deployment"));
            for (JsonElement m : status.getAsJsonArray("modules")) {
                JsonObject module = m.getAsJsonObject();
                if (!module.get("state").getAsString().equals("running")) {
                    text.append(", ").append(module);
                }
            }
            return text.toString();
        } catch (IOException | RuntimeException e) {
            return "not answering: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Whether this node runs {@code deployment} with every module running. */
    public boolean runs(String deployment) {
        try {
            JsonObject status = status();
            if (status.get("deployment").isJsonNull() || !status.get("deployment").getAsString().equals(deployment)) {
                return false;
            }
            for (JsonElement m : status.getAsJsonArray("modules")) {
                if (!m.getAsJsonObject().get("state").getAsString().equals("running")) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public JsonElement get(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url(path))).GET(), false);
        if (answer.statusCode() != 200) {
            throw new IOException(url(path) + " answered " + answer.statusCode());
        }
        return JsonParser.parseString(answer.body());
    }

    public JsonArray history() throws IOException, InterruptedException {
        return get("/core/history").getAsJsonArray();
    }

    /** Deploys {@code jar} here with the admin password; the new deployment number. */
    public String deploy(byte[] jar) throws IOException, InterruptedException {
        return made(send(HttpRequest.newBuilder(URI.create(url("/core/deployments")))
                .header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofByteArray(jar)),
                true));
    }

    public String rollback(String to) throws IOException, InterruptedException {
        return made(send(HttpRequest.newBuilder(URI.create(url("/core/rollback?to=" + to)))
                .POST(HttpRequest.BodyPublishers.noBody()), true));
    }

    private String made(HttpResponse<String> answer) throws IOException {
        if (answer.statusCode() != 201) {
            throw new IOException(nodeId() + " refused the change: " + answer.statusCode() + " " + answer.body());
        }
        return JsonParser.parseString(answer.body()).getAsJsonObject().get("deployment").getAsString();
    }

    public HttpResponse<String> send(HttpRequest.Builder request, boolean admin) throws IOException, InterruptedException {
        // A change is answered once this node applied it: installing a module on a machine that
        // runs 50 nodes can take longer than a read.
        request.timeout(Duration.ofSeconds(admin ? 180 : 30));
        if (!admin) {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
        // A change on a connection of its own: the JDK client does not retry a POST whose pooled
        // connection the node closed meanwhile (its idle timeout), and a change must not be sent twice.
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One counter of {@code /core/metrics}, every label set summed when {@code prefix} ends with '{'. */
    public long metric(String prefix) throws IOException, InterruptedException {
        String text = send(HttpRequest.newBuilder(URI.create(url("/core/metrics"))).GET(), false).body();
        long sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix) && !line.startsWith("#")) {
                sum += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1).strip());
            }
        }
        return sum;
    }

    /** The events of {@code type} in {@code /core/events}, as "subject: detail". */
    public List<String> events(String type) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        for (JsonElement e : get("/core/events").getAsJsonArray()) {
            JsonObject event = e.getAsJsonObject();
            if (event.get("type").getAsString().equals(type)) {
                found.add(event.get("subject").getAsString() + ": " + event.get("detail").getAsString());
            }
        }
        return found;
    }

    /** The last {@code lines} lines of the node's log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
