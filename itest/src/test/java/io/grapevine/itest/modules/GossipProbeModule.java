package io.grapevine.itest.modules;

import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.VersionMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gossiping module for cluster tests. Every 100 ms it sends its own version to the same module on
 * a random peer; a receiver counts a message from another version as {@code mixed} (what version
 * fencing must prevent); a request the core does not vouch for as a peer's counts as {@code clients}
 * and is refused. {@code GET /stats} shows the counts. Its bundle's {@code /probe.txt} may
 * say {@code throw}: then its message handler and its timer throw every time.
 */
public class GossipProbeModule implements Module {
    private final String version = readResource("/version.txt", "0");
    private final boolean throwing = readResource("/probe.txt", "").equals("throw");
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong fenced = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong mixed = new AtomicLong();
    private final AtomicLong clients = new AtomicLong();

    @Override
    public void start(ModuleContext context) {
        context.serve(request -> {
            if (request.method().equals("GET") && request.path().equals("/stats")) {
                return ModuleResponse.json("{\"version\":\"" + version + "\",\"sent\":" + sent + ",\"ok\":" + ok
                        + ",\"fenced\":" + fenced + ",\"failed\":" + failed + ",\"received\":" + received
                        + ",\"mixed\":" + mixed + ",\"clients\":" + clients + "}");
            }
            if (request.from() == null) {
                clients.incrementAndGet(); // not a peer's message: no sender the core vouches for
                return ModuleResponse.text(403, "peers only");
            }
            if (throwing) {
                throw new IllegalStateException("probe broken on purpose");
            }
            received.incrementAndGet();
            if (!new String(request.body(), StandardCharsets.UTF_8).equals(version)) {
                mixed.incrementAndGet();
            }
            return new ModuleResponse(200, "text/plain", version.getBytes(StandardCharsets.UTF_8));
        });
        context.scheduleEvery(() -> {
            if (throwing) {
                throw new IllegalStateException("probe timer broken on purpose");
            }
            List<String> peers = context.peers();
            if (peers.isEmpty()) {
                return;
            }
            String peer = peers.get(context.random().nextInt(peers.size()));
            sent.incrementAndGet();
            context.exchange(peer, "/ping", version.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2))
                    .whenComplete((answer, failure) -> {
                        if (failure == null) {
                            ok.incrementAndGet();
                        } else if (unwrap(failure) instanceof VersionMismatchException) {
                            fenced.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    });
        }, Duration.ofMillis(100));
    }

    @Override
    public void stop() {
    }

    @Override
    public String transferState() {
        return null;
    }

    @Override
    public void acceptState(String state) {
    }

    private static Throwable unwrap(Throwable failure) {
        return failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                ? failure.getCause() : failure;
    }

    private static String readResource(String name, String fallback) {
        try (InputStream in = GossipProbeModule.class.getResourceAsStream(name)) {
            return in == null ? fallback : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return fallback;
        }
    }
}
