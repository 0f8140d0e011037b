package io.grapevine.core.driver;

import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.net.GossipCodec;
import io.grapevine.core.net.PeerClient;
import io.grapevine.core.node.Action;
import io.grapevine.core.node.GossipMessage;
import io.grapevine.core.node.Node;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.telemetry.EventLog;
import io.grapevine.core.telemetry.Metrics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The node's network actions as HTTP to peers, each bounded in time and size; what came of each
 * goes back to the node as an event. A fetched jar is believed only when its SHA-256 is the one the
 * signed configuration names and it passes the same checks as an upload.
 */
final class PeerActions {
    static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * A probe confirms an exchange that timed out, so it waits longer: a machine busy with a
     * rollout answers in seconds, and a failure believed costs the cluster a rumour each way.
     */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final Node node;
    private final PeerClient peers;
    private final BundleStore store;
    private final NodeDriver.JarCheck jarCheck;
    private final Metrics metrics;
    private final EventLog events;
    private final LongSupplier clock;
    private final Consumer<Function<Long, List<Action>>> feed;

    /** {@code feed} hands an outcome to the node on the driver's loop. */
    PeerActions(Node node, PeerClient peers, BundleStore store, NodeDriver.JarCheck jarCheck, Metrics metrics,
            EventLog events, LongSupplier clock, Consumer<Function<Long, List<Action>>> feed) {
        this.node = node;
        this.peers = peers;
        this.store = store;
        this.jarCheck = jarCheck;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.feed = feed;
    }

    void send(Action.Send send) {
        byte[] body = GossipCodec.encode(send.message());
        metrics.add(Metrics.CORE_MESSAGES_SENT, 1);
        metrics.add(Metrics.CORE_BYTES_SENT, body.length);
        if (send.message().probe()) {
            metrics.add(Metrics.CORE_PROBES_SENT, 1);
        }
        peers.post(send.peer(), "/core/gossip", body, JSON, send.message().probe() ? PROBE_TIMEOUT : EXCHANGE_TIMEOUT,
                GossipCodec.MAX_BYTES)
                .whenComplete((answer, failure) -> {
                    GossipMessage reply = null;
                    if (failure == null && answer.status() == 200) {
                        metrics.add(Metrics.CORE_MESSAGES_RECEIVED, 1);
                        metrics.add(Metrics.CORE_BYTES_RECEIVED, answer.body().length);
                        try {
                            reply = GossipCodec.decode(answer.body());
                        } catch (IllegalArgumentException e) {
                            reply = null;
                        }
                    }
                    GossipMessage heard = reply;
                    boolean unreachable = failure != null && PeerClient.noAnswer(failure);
                    feed.accept(now -> heard == null ? node.exchangeFailed(now, send.peer(), unreachable)
                            : node.replied(now, heard));
                });
    }

    /** A leaving node's last message, waited for at most {@code bound}; a peer that did not hear it is logged. */
    CompletableFuture<?> sendLeave(Action.Send send, Duration bound) {
        return peers.post(send.peer(), "/core/gossip", GossipCodec.encode(send.message()), JSON, bound,
                GossipCodec.MAX_BYTES).whenComplete((answer, failure) -> {
                    // That peer will see this node go quiet rather than leave: say why.
                    if (failure != null || answer.status() != 200) {
                        events.add("leave-unheard", send.peer(), failure != null
                                ? PeerClient.rootMessage(failure) : "HTTP " + answer.status());
                    }
                });
    }

    void fetch(Action.Fetch fetch) {
        ModuleEntry module = fetch.module();
        Duration timeout = Duration.ofMillis(Math.max(1, fetch.deadline() - clock.getAsLong()));
        peers.get(fetch.source(), "/core/bundles/" + module.sha256(), timeout, (int) module.size())
                .whenComplete((answer, failure) -> {
                    String problem;
                    boolean badJar = false;
                    if (failure != null) {
                        problem = PeerClient.rootMessage(failure);
                    } else if (answer.status() != 200) {
                        problem = "HTTP " + answer.status();
                    } else if (!BundleStore.sha256(answer.body()).equals(module.sha256())) {
                        problem = "wrong hash, discarded";
                    } else {
                        problem = jarCheck.problem(module, answer.body());
                        badJar = problem != null;
                        if (problem == null) {
                            problem = stored(module, answer.body(), fetch.source());
                        }
                    }
                    String reason = problem;
                    boolean refusedJar = badJar;
                    if (reason != null) {
                        metrics.add(Metrics.BUNDLE_FETCH_FAILURES, 1);
                    }
                    feed.accept(now -> reason == null ? node.jarFetched(now, module.sha256(), fetch.source())
                            : node.fetchFailed(now, module.sha256(), fetch.source(), reason, refusedJar));
                });
    }

    /** Stores a fetched jar; null when stored, else why not. */
    private String stored(ModuleEntry module, byte[] jar, String source) {
        try {
            store.put(jar);
        } catch (IOException e) {
            return "cannot store it: " + e.getMessage();
        }
        metrics.add(Metrics.BUNDLE_FETCHES, 1);
        metrics.add(Metrics.BUNDLE_BYTES_FETCHED, jar.length);
        events.add("bundle-fetched", module.name() + " " + module.version(),
                module.sha256().substring(0, 12) + " from " + source);
        return null;
    }
}
