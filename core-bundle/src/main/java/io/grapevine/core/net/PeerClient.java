package io.grapevine.core.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * HTTP to peers: one JDK HttpClient (connections reused) per kind of traffic, so module traffic
 * cannot take the core's. Every request is signed with the cluster keyring and every answer's MAC
 * checked before it is believed; at most {@code maxInFlight} requests are out at once (a further
 * one fails at once), connect and response times are bounded, and a body is read without holding a
 * thread and refused past its size bound.
 */
public final class PeerClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final String self;
    private final String scheme;
    private final Keyring keyring;
    private final Semaphore inFlight;
    private final ExecutorService executor;
    private final HttpClient client;

    /**
     * A peer's authenticated answer.
     *
     * @param status HTTP status
     * @param headers the first value of each header, lower-case names
     * @param body the body, at most the bound asked for
     */
    /**
     * A peer's authenticated answer. {@code headersCovered}: its MAC covers its core headers too
     * ({@link Keyring#covered}); false from a peer of an older core, whose numbers are not proven.
     */
    public record Answer(int status, Map<String, String> headers, byte[] body, boolean headersCovered) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** {@code tls}: peers are reached over HTTPS, trusted as the JVM's trust store says. */
    public PeerClient(String name, String self, boolean tls, Keyring keyring, int maxInFlight) {
        this.self = self;
        this.scheme = tls ? "https://" : "http://";
        this.keyring = keyring;
        this.inFlight = new Semaphore(maxInFlight);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "grapevine-" + name + "-io");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).executor(executor)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public CompletableFuture<Answer> post(String peer, String path, byte[] body, Map<String, String> headers,
            Duration timeout, int maxBytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(peer, path)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request, "POST", path, Keyring.covered(headers::get), body, timeout, maxBytes);
    }

    public CompletableFuture<Answer> get(String peer, String path, Duration timeout, int maxBytes) {
        return send(HttpRequest.newBuilder(uri(peer, path)).timeout(timeout).GET(), "GET", path, "", new byte[0],
                timeout, maxBytes);
    }

    private CompletableFuture<Answer> send(HttpRequest.Builder request, String method, String path, String covered,
            byte[] body, Duration timeout, int maxBytes) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.failedFuture(new IOException("too many requests to peers in flight"));
        }
        String auth = keyring.sign(method, path, self, covered, body);
        request.header(Keyring.AUTH, auth).header(Keyring.FROM, self);
        CompletableFuture<Answer> answer;
        try {
            answer = client.sendAsync(request.build(), info -> bounded(maxBytes))
                    .thenApply(response -> authenticated(response, auth))
                    .orTimeout(timeout.toMillis() + CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            inFlight.release();
            return CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((a, failure) -> inFlight.release());
        return answer;
    }

    private Answer authenticated(HttpResponse<byte[]> response, String auth) {
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        String mac = headers.get(Keyring.AUTH.toLowerCase(Locale.ROOT));
        String covered = Keyring.covered(name -> headers.get(name.toLowerCase(Locale.ROOT)));
        boolean headersCovered = keyring.verifyReply(mac, auth, response.statusCode(), covered, response.body());
        if (!headersCovered && (covered.isEmpty()
                || !keyring.verifyReply(mac, auth, response.statusCode(), response.body()))) {
            throw new CompletionException(new IOException("answer (HTTP " + response.statusCode()
                    + ") not authenticated with the cluster key"));
        }
        return new Answer(response.statusCode(), headers, response.body(), headersCovered);
    }

    /** A body of at most {@code max} bytes, read as it comes, never blocking a thread. */
    private static HttpResponse.BodySubscriber<byte[]> bounded(int max) {
        return new HttpResponse.BodySubscriber<>() {
            private final CompletableFuture<byte[]> result = new CompletableFuture<>();
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();
            private Flow.Subscription subscription;

            @Override
            public CompletionStage<byte[]> getBody() {
                return result;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                for (ByteBuffer item : items) {
                    if (out.size() + item.remaining() > max) {
                        subscription.cancel();
                        result.completeExceptionally(new IOException("answer over " + max + " bytes"));
                        return;
                    }
                    byte[] chunk = new byte[item.remaining()];
                    item.get(chunk);
                    out.write(chunk, 0, chunk.length);
                }
            }

            @Override
            public void onError(Throwable failure) {
                result.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                result.complete(out.toByteArray());
            }
        };
    }

    /**
     * True when {@code failure} means the peer did not answer (no connection, no answer in time, or
     * an answer not of a cluster key holder), not that this node refused to send.
     */
    public static boolean noAnswer(Throwable failure) {
        return timedOut(failure) || causedBy(failure, cause -> cause instanceof java.net.ConnectException
                || String.valueOf(cause.getMessage()).contains("not authenticated with the cluster key"));
    }

    /** True when {@code failure} is a time-out: the peer may be alive but slow, or gone. */
    public static boolean timedOut(Throwable failure) {
        return causedBy(failure, cause -> cause instanceof java.net.http.HttpTimeoutException
                || cause instanceof java.util.concurrent.TimeoutException);
    }

    private static boolean causedBy(Throwable failure, java.util.function.Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's message: what an operator can act on (a refused connection, a timeout). */
    public static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private URI uri(String peer, String path) {
        return URI.create(scheme + peer + path);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
