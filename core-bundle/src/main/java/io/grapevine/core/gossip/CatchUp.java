package io.grapevine.core.gossip;

import io.grapevine.core.EventLog;
import io.grapevine.core.Metrics;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.store.BundleStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Brings this node to a configuration learned from a peer: fetches every jar it lacks by SHA-256
 * ({@code GET /core/bundles/<sha256>}) from the peer that told it, else from peers heard on that
 * deployment or later; verifies each hash (a wrong one is discarded and fetched elsewhere); never
 * fetches the same jar twice at once; then hands the configuration to {@link Adopter}.
 */
public final class CatchUp implements AutoCloseable {
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);

    /** Applies a configuration whose jars are all in the store. */
    @FunctionalInterface
    public interface Adopter {
        void adopt(Configuration config, String from) throws Exception;
    }

    private final BundleStore store;
    private final PeerClient client;
    private final Metrics metrics;
    private final EventLog events;
    private final Supplier<GossipDriver> driver;
    private final Adopter adopter;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "grapevine-catch-up");
        thread.setDaemon(true);
        return thread;
    });

    public CatchUp(BundleStore store, PeerClient client, Metrics metrics, EventLog events,
            Supplier<GossipDriver> driver, Adopter adopter) {
        this.store = store;
        this.client = client;
        this.metrics = metrics;
        this.events = events;
        this.driver = driver;
        this.adopter = adopter;
    }

    public void start(Configuration config, String from) {
        executor.execute(() -> {
            try {
                for (ModuleEntry module : config.modules()) {
                    if (!store.has(module.sha256())) {
                        fetch(module, sources(config, from)).join();
                    }
                }
                adopter.adopt(config, from);
            } catch (Exception e) {
                events.add("catch-up-failed", config.deployment().toString(), rootMessage(e));
                driver.get().catchUpFailed(config.deployment());
            }
        });
    }

    private List<String> sources(Configuration config, String from) {
        List<String> sources = new ArrayList<>();
        sources.add(from);
        driver.get().peers().forEach((peer, heard) -> {
            if (heard != null && heard.deployment() != null && !config.deployment().isAfter(heard.deployment())
                    && !sources.contains(peer)) {
                sources.add(peer);
            }
        });
        return sources;
    }

    /** One fetch per jar at a time: a second request for the same jar joins the first. */
    private CompletableFuture<Void> fetch(ModuleEntry module, List<String> sources) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.putIfAbsent(module.sha256(), mine);
        if (running != null) {
            return running;
        }
        try {
            if (!store.has(module.sha256())) {
                fetchFromAny(module, sources);
            }
            mine.complete(null);
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            inFlight.remove(module.sha256());
        }
        return mine;
    }

    private void fetchFromAny(ModuleEntry module, List<String> sources) throws IOException {
        if (module.size() > store.maxBytes()) {
            throw new IOException("bundle " + module.name() + " is " + module.size() + " bytes, over the limit of "
                    + store.maxBytes());
        }
        for (String source : sources) {
            try {
                PeerClient.Answer answer = client.get(source, "/core/bundles/" + module.sha256(), FETCH_TIMEOUT,
                        (int) module.size()).join();
                if (answer.status() == 200 && BundleStore.sha256(answer.body()).equals(module.sha256())) {
                    store.put(answer.body());
                    metrics.add(Metrics.BUNDLE_FETCHES, 1);
                    metrics.add(Metrics.BUNDLE_BYTES_FETCHED, answer.body().length);
                    events.add("bundle-fetched", module.name() + " " + module.version(),
                            module.sha256().substring(0, 12) + " from " + source);
                    return;
                }
                metrics.add(Metrics.BUNDLE_FETCH_FAILURES, 1);
                events.add("bundle-fetch-refused", module.name() + " " + module.version(), "from " + source
                        + (answer.status() == 200 ? ": wrong hash, discarded" : ": HTTP " + answer.status()));
            } catch (RuntimeException e) {
                metrics.add(Metrics.BUNDLE_FETCH_FAILURES, 1);
                events.add("bundle-fetch-refused", module.name() + " " + module.version(), "from " + source + ": "
                        + rootMessage(e));
            }
        }
        throw new IOException("no peer served bundle " + module.name() + " " + module.sha256().substring(0, 12));
    }

    /** The innermost cause's message: what an operator can act on (a refused connection, a timeout). */
    static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
