package io.grapevine.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * HTTP to peers: one JDK HttpClient (connections reused), bounded connect and response times, and
 * every response body read with a size bound before it is believed.
 */
public final class PeerClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "grapevine-peer-io");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).executor(executor)
            .version(HttpClient.Version.HTTP_1_1).build();

    /**
     * A peer's answer.
     *
     * @param status HTTP status
     * @param headers the first value of each header, lower-case names
     * @param body the body, at most the bound asked for
     */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    public CompletableFuture<Answer> post(String peer, String path, byte[] body, Map<String, String> headers,
            Duration timeout, int maxBytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(peer, path)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build(), timeout, maxBytes);
    }

    public CompletableFuture<Answer> get(String peer, String path, Duration timeout, int maxBytes) {
        return send(HttpRequest.newBuilder(uri(peer, path)).timeout(timeout).GET().build(), timeout, maxBytes);
    }

    private CompletableFuture<Answer> send(HttpRequest request, Duration timeout, int maxBytes) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApplyAsync(response -> read(response, maxBytes), executor)
                .orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    private static Answer read(HttpResponse<InputStream> response, int maxBytes) {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new CompletionException(new IOException("answer over " + maxBytes + " bytes"));
            }
            Map<String, String> headers = new java.util.HashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0));
                }
            });
            return new Answer(response.statusCode(), headers, body);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    /** The innermost cause's message: what an operator can act on (a refused connection, a timeout). */
    public static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static URI uri(String peer, String path) {
        return URI.create("http://" + peer + path);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
