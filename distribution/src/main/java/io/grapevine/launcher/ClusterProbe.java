package io.grapevine.launcher;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the nodes of a local cluster for {@code GET /core/status}, all at once, each within
 * {@link #TIMEOUT}. A node is up when it answers 200 with its own node id: whatever else took its
 * port (another cluster's node, say) is not it.
 */
final class ClusterProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * What a node answered.
     *
     * @param code the HTTP status, 0 when no answer came
     * @param body the answer, or why none came
     */
    record Answer(int code, String body) {
        /** Whether {@code node} itself answered: 200, and the node id it was started with. */
        boolean isFrom(ClusterNode node) {
            return code == 200 && node.nodeId().equals(nodeId());
        }

        /** The {@code nodeId} of a 200 answer; {@code null} for another answer or none. */
        String nodeId() {
            if (code != 200) {
                return null;
            }
            try {
                JsonElement root = JsonParser.parseString(body);
                JsonElement id = root.isJsonObject() ? root.getAsJsonObject().get("nodeId") : null;
                return id != null && id.isJsonPrimitive() ? id.getAsString() : null;
            } catch (JsonParseException e) {
                return null;
            }
        }
    }

    // HTTP/1.1 only: the JDK would otherwise try an h2c upgrade, which buys nothing here.
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();

    /** The answer of every node, in the order given; nodes of unknown port are not asked. */
    Map<ClusterNode, Answer> status(List<ClusterNode> nodes) {
        Map<ClusterNode, CompletableFuture<Answer>> asked = new LinkedHashMap<>();
        for (ClusterNode node : nodes) {
            asked.put(node, node.port() == 0
                    ? CompletableFuture.completedFuture(new Answer(0, "unknown port (no node.properties)"))
                    : ask(node));
        }
        Map<ClusterNode, Answer> answers = new LinkedHashMap<>();
        asked.forEach((node, answer) -> answers.put(node, answer.join()));
        return answers;
    }

    private CompletableFuture<Answer> ask(ClusterNode node) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + "/core/status")).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build();
        return http.sendAsync(request, BodyHandlers.ofString())
                .thenApply(response -> new Answer(response.statusCode(), response.body()))
                .exceptionally(e -> new Answer(0, String.valueOf((e.getCause() == null ? e : e.getCause()))));
    }
}
