package io.grapevine.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/** The few REST calls the benchmarks make to a node. */
final class NodeClient {
    static final String PASSWORD = "bench";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private NodeClient() {
    }

    static String deploy(String node, Path jar) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(node + "/core/deployments"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/java-archive").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(jar))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IOException("deploy refused by " + node + ": " + answer.body());
        }
        return JsonParser.parseString(answer.body()).getAsJsonObject().get("deployment").getAsString();
    }

    /** Removes {@code module} from the cluster's configuration (a deployment too); returns its number. */
    static String undeploy(String node, String module) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(node + "/core/deployments?remove="
                + URLEncoder.encode(module, StandardCharsets.UTF_8)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IOException("undeploy refused by " + node + ": " + answer.body());
        }
        return JsonParser.parseString(answer.body()).getAsJsonObject().get("deployment").getAsString();
    }

    static JsonElement get(String node, String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(node + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(node + path + " answered " + answer.statusCode());
        }
        return JsonParser.parseString(answer.body());
    }

    /** The time this node's core started module {@code name}, at or after {@code since}; -1 if not yet. */
    static long moduleStartedAt(String node, String name, long since) throws IOException, InterruptedException {
        JsonArray events = get(node, "/core/events").getAsJsonArray();
        for (JsonElement e : events) {
            JsonObject event = e.getAsJsonObject();
            if (event.get("type").getAsString().equals("module-started")
                    && event.get("subject").getAsString().startsWith(name + " ")
                    && event.get("timeMs").getAsLong() >= since) {
                return event.get("timeMs").getAsLong();
            }
        }
        return -1;
    }

    /** When this node started {@code name} at module deployment {@code deployment}; -1 if it has not yet. */
    static long moduleStartedAt(String node, String name, String deployment) throws IOException, InterruptedException {
        for (JsonElement e : get(node, "/core/events").getAsJsonArray()) {
            JsonObject event = e.getAsJsonObject();
            if (event.get("type").getAsString().equals("module-started")
                    && event.get("subject").getAsString().startsWith(name + " ")
                    && event.get("detail").getAsString().equals("deployment " + deployment)) {
                return event.get("timeMs").getAsLong();
            }
        }
        return -1;
    }

    /** One Prometheus counter (summing every label set when {@code prefix} ends with '{'). */
    static long metric(String node, String prefix) throws IOException, InterruptedException {
        return sum(HTTP.send(metrics(node), HttpResponse.BodyHandlers.ofString()).body(), prefix);
    }

    /** The node's metrics text, asked without waiting, so that one scrape of many nodes takes one timeout. */
    static CompletableFuture<String> metricsText(String node) {
        return HTTP.sendAsync(metrics(node), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
    }

    private static HttpRequest metrics(String node) {
        return HttpRequest.newBuilder(URI.create(node + "/core/metrics")).timeout(Duration.ofSeconds(10)).build();
    }

    static long sum(String text, String prefix) {
        long sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix) && !line.startsWith("#")) {
                sum += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1).strip());
            }
        }
        return sum;
    }
}
