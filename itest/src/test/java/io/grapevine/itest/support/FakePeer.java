package io.grapevine.itest.support;

import com.sun.net.httpserver.HttpExchange;
import io.grapevine.core.net.Keyring;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A misbehaving peer on loopback (the JDK's HTTP server): it serves the bundles it is given (right or
 * wrong bytes), and either refuses core gossip or, when slow, never answers it until closed.
 */
public final class FakePeer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> bundles = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final boolean slow;

    public FakePeer(boolean slow) throws IOException {
        this.slow = slow;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code bytes} as {@code GET /core/bundles/<sha>}, whatever their real hash. */
    public void serveBundle(String sha, byte[] bytes) {
        bundles.put(sha, bytes);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.startsWith("/core/bundles/") && bundles.containsKey(path.substring(14))) {
                byte[] body = bundles.get(path.substring(14));
                // A peer that holds the cluster key: the node believes what it serves, checks the hash.
                String auth = exchange.getRequestHeaders().getFirst(Keyring.AUTH);
                if (auth != null) {
                    exchange.getResponseHeaders().add(Keyring.AUTH, ClusterTrust.get().keyring()
                            .signReply(auth.split(" ")[2], 200, body));
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            if (slow) {
                released.await(5, TimeUnit.MINUTES);
            }
            exchange.sendResponseHeaders(404, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
