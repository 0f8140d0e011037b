package io.grapevine.itest.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real node: {@code bin/grapevine} as its own process on a free loopback port, with its own
 * data folder and log. {@link #restart()} keeps the data folder and the port.
 */
public final class NodeProcess implements AutoCloseable {
    public static final String PASSWORD = "itest-admin-secret";
    /** What {@code bin/grapevine} exits with when another process holds its port. */
    public static final int PORT_TAKEN_EXIT = 3;
    private static final int START_TRIES = 5;

    private final int port;
    private final Path data;
    private final Path log;
    private final List<String> extraArgs;
    private final List<String> javaOpts;
    private Process process;

    private NodeProcess(int port, Path data, List<String> extraArgs, List<String> javaOpts) {
        this.port = port;
        this.data = data;
        this.log = data.resolveSibling(data.getFileName() + ".log");
        this.extraArgs = extraArgs;
        this.javaOpts = javaOpts;
    }

    /**
     * Starts a node and waits until {@code /core/status} answers as this node; on another port
     * when another process took its port first.
     */
    public static NodeProcess start(String name, List<String> extraArgs, List<String> javaOpts) throws IOException {
        Path data = Files.createTempDirectory(Distribution.targetDir(), name + "-");
        for (int attempt = 1; ; attempt++) {
            NodeProcess node = new NodeProcess(FreePort.next(), data, extraArgs, javaOpts);
            if (node.launch()) {
                return node;
            }
            if (attempt == START_TRIES) {
                throw new AssertionError("another process took the port of each of " + START_TRIES
                        + " starts, see " + node.log);
            }
        }
    }

    public static NodeProcess start(String name) throws IOException {
        return start(name, List.of(), List.of());
    }

    /** Starts the process; false when it exited because another process holds the port. */
    private boolean launch() throws IOException {
        spawn();
        return Await.until("node n" + port + " to answer /core/status", Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                if (process.exitValue() == PORT_TAKEN_EXIT) {
                    return Boolean.FALSE;
                }
                throw new AssertionError("node exited with " + process.exitValue() + ", see " + log);
            }
            HttpResponse<String> answer = Http.get(url("/core/status"));
            // Only this node: whatever else may hold the port until the node gives up on it is not.
            return answer.statusCode() == 200 && ("n" + port).equals(
                    JsonParser.parseString(answer.body()).getAsJsonObject().get("nodeId").getAsString()) ? Boolean.TRUE : null;
        });
    }

    /** Starts the process again once it ended (after {@link #kill}), without waiting: its core may never answer. */
    public void spawnAgain() throws IOException {
        if (alive()) {
            throw new IllegalStateException("node on port " + port + " still runs");
        }
        spawn();
    }

    private void spawn() throws IOException {
        List<String> command = new ArrayList<>(List.of(Distribution.home().resolve("bin/grapevine").toString(),
                "--port", Integer.toString(port), "--data", data.toString(), "--node-id", "n" + port));
        if (!extraArgs.contains("--trust")) {
            command.addAll(List.of("--trust", ClusterTrust.get().trustFile().toString(),
                    "--deployer-key", ClusterTrust.get().keyFile().toString(),
                    "--cluster-key", ClusterTrust.get().clusterKeyFile().toString()));
        }
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("GRAPEVINE_ADMIN_PASSWORD", PASSWORD);
        builder.environment().put("JAVA_OPTS", String.join(" ", javaOpts));
        process = builder.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path data() {
        return data;
    }

    public Path log() {
        return log;
    }

    /**
     * Waits until the Web Console lets the admin in. It registers with Felix HTTP after the core's REST API, so
     * until then its paths are 404, which a test counting the console's answers must not mistake for one.
     */
    public void awaitConsole() {
        Await.until("the console of " + address(), Duration.ofSeconds(60), () -> Http.get(
                url("/system/console/grapevine"), "admin", PASSWORD).statusCode() == 200 ? true : null);
    }

    public JsonObject status() throws IOException, InterruptedException {
        return getJson("/core/status").getAsJsonObject();
    }

    public JsonElement getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = Http.get(url(path));
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " gave " + response.statusCode() + ": " + response.body());
        }
        return JsonParser.parseString(response.body());
    }

    /** The deployment token this node runs, or null. */
    public String deployment() throws IOException, InterruptedException {
        JsonElement deployment = status().get("deployment");
        return deployment.isJsonNull() ? null : deployment.getAsString();
    }

    /** The module objects of {@code /core/status}. */
    public JsonArray modules() throws IOException, InterruptedException {
        return status().getAsJsonArray("modules");
    }

    public HttpResponse<String> deploy(byte[] jar) throws IOException, InterruptedException {
        return Http.send(HttpRequest.newBuilder(URI.create(url("/core/deployments")))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)), "admin", PASSWORD);
    }

    public HttpResponse<String> rollback(String token) throws IOException, InterruptedException {
        return Http.send(HttpRequest.newBuilder(URI.create(url("/core/rollback?to=" + token)))
                .POST(HttpRequest.BodyPublishers.noBody()), "admin", PASSWORD);
    }

    /** SIGTERM, then waits for a clean exit; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("node on port " + port + " did not stop within 60 s");
        }
        return process.exitValue();
    }

    /** SIGKILL: the node dies at once, as in a crash, with no chance to tell anyone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("node on port " + port + " survived SIGKILL for 30 s");
        }
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        if (!launch()) {
            throw new AssertionError("another process took port " + port + " while the node was down, see " + log);
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
