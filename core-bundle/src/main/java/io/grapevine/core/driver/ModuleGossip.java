package io.grapevine.core.driver;

import io.grapevine.api.VersionMismatchException;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.modules.ModuleNetwork;
import io.grapevine.core.net.GossipCodec;
import io.grapevine.core.net.Keyring;
import io.grapevine.core.net.PeerClient;
import io.grapevine.core.node.Relay;
import io.grapevine.core.telemetry.Metrics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Module gossip through the core: a module's message goes as {@code POST /<module>/<path>}
 * stamped with this node's address, its configuration's deployment number and the module's; a
 * peer running another version answers 409 with its own numbers and nothing is delivered.
 */
public final class ModuleGossip implements ModuleNetwork {
    public static final String DEPLOYMENT = Keyring.DEPLOYMENT;
    public static final String MODULE_DEPLOYMENT = Keyring.MODULE_DEPLOYMENT;
    /** Module messages are small by design; bulk data belongs elsewhere. */
    public static final int MAX_BYTES = 1 << 20;
    /** One module's exchanges in flight at once: a flooding module fails fast and costs only itself. */
    public static final int MAX_IN_FLIGHT = 32;

    private final PeerClient client;
    private final Metrics metrics;
    private final NodeDriver driver;
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Budget> budget = new ConcurrentHashMap<>();
    private final int perSecond;

    /** A token bucket of {@code perSecond} a second, as deep. */
    private static final class Budget {
        private final int perSecond;
        private double tokens;
        private long at = System.nanoTime();

        Budget(int perSecond) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(perSecond, tokens + (now - at) * perSecond / 1e9);
            at = now;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }
    }

    /**
     * An exchange refused before it began. Without a stack trace: a module that loops on a refused
     * exchange would otherwise spend its node's CPU on the stack walks of the core's refusals.
     */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** {@code perSecond}: one module's exchanges started a second, on average (bursts of as many). */
    public ModuleGossip(PeerClient client, Metrics metrics, NodeDriver driver, int perSecond) {
        this.perSecond = perSecond;
        this.client = client;
        this.metrics = metrics;
        this.driver = driver;
    }

    @Override
    public CompletableFuture<byte[]> exchange(String module, DeploymentNumber moduleDeployment, String peer,
            String path, byte[] body, Duration timeout) {
        if (body.length > MAX_BYTES) {
            return CompletableFuture.failedFuture(new Refused("module message over " + MAX_BYTES + " bytes"));
        }
        Semaphore mine = inFlight.computeIfAbsent(module, m -> new Semaphore(MAX_IN_FLIGHT));
        if (!budget.computeIfAbsent(module, m -> new Budget(perSecond)).take()) {
            metrics.add(Metrics.MODULE_REQUESTS_REFUSED, module, 1);
            return CompletableFuture.failedFuture(new Refused(module + " exchanges more than " + perSecond
                    + " times a second"));
        }
        if (!mine.tryAcquire()) {
            metrics.add(Metrics.MODULE_REQUESTS_REFUSED, module, 1);
            return CompletableFuture.failedFuture(new Refused(MAX_IN_FLIGHT + " exchanges of " + module
                    + " are in flight already"));
        }
        NodeDriver.View view = driver.view();
        DeploymentNumber ours = view.current().deployment();
        Map<String, String> headers = new HashMap<>(Map.of(DEPLOYMENT, String.valueOf(ours),
                MODULE_DEPLOYMENT, moduleDeployment.toString(), "Content-Type", "application/octet-stream"));
        String rumours = GossipCodec.encodeRumours(view.relay().to(null, driver.now()), ours);
        if (!rumours.isEmpty()) {
            headers.put(Keyring.ROSTER, rumours);
            metrics.add(Metrics.CORE_BYTES_SENT, rumours.length()); // the core's bytes, though a module's message
            metrics.add(Metrics.ROSTER_RUMOUR_BYTES_SENT, rumours.length());
        }
        metrics.add(Metrics.MODULE_MESSAGES_SENT, module, 1);
        metrics.add(Metrics.MODULE_BYTES_SENT, module, body.length);
        long sentAt = System.nanoTime();
        return client.post(peer, "/" + module + path, body, headers, timeout, MAX_BYTES).whenComplete((a, f) ->
                mine.release()).handle((answer, failure) -> {
            if (failure != null) {
                // Past its time-out it is one, whatever the client says (it may close the connection first).
                if (PeerClient.timedOut(failure) || System.nanoTime() - sentAt >= timeout.toNanos()) {
                    driver.moduleTimedOut(peer);
                } else if (PeerClient.noAnswer(failure)) {
                    driver.moduleUnreachable(peer);
                }
                throw new CompletionException(new IOException("exchange with " + peer + " failed: "
                        + PeerClient.rootMessage(failure)));
            }
            DeploymentNumber theirs = parseOrNull(answer.header(DEPLOYMENT));
            // The core decides on the peer's numbers only when its MAC proves them.
            boolean proven = answer.headersCovered() && answer.header(DEPLOYMENT) != null;
            if (answer.status() == 409 && answer.header(MODULE_DEPLOYMENT) != null) {
                metrics.add(Metrics.FENCING_REFUSALS, module, 1);
                if (proven) {
                    driver.moduleContact(peer, theirs, false, rumours(answer.header(Keyring.ROSTER), theirs, metrics));
                }
                throw new CompletionException(new VersionMismatchException(peer + " runs " + module + " of deployment "
                        + answer.header(MODULE_DEPLOYMENT) + ", this node runs " + moduleDeployment));
            }
            if (answer.status() != 200) {
                throw new CompletionException(new IOException(peer + " answered HTTP " + answer.status()));
            }
            metrics.add(Metrics.MODULE_MESSAGES_RECEIVED, module, 1);
            metrics.add(Metrics.MODULE_BYTES_RECEIVED, module, answer.body().length);
            if (proven) {
                driver.moduleContact(peer, theirs, true, rumours(answer.header(Keyring.ROSTER), theirs, metrics));
            }
            return answer.body();
        });
    }

    @Override
    public List<String> peers() {
        return new ArrayList<>(driver.view().peers().keySet());
    }

    /** A peer's roster news (its MAC proved it); malformed news is counted and dropped. */
    public static Relay.RosterNews rumours(String header, DeploymentNumber senders, Metrics metrics) {
        if (header == null) {
            return Relay.RosterNews.NONE;
        }
        metrics.add(Metrics.CORE_BYTES_RECEIVED, header.length());
        try {
            return GossipCodec.decodeRumours(header, senders);
        } catch (IllegalArgumentException e) {
            metrics.add(Metrics.REFUSALS, "malformed-rumours", 1);
            return Relay.RosterNews.NONE;
        }
    }

    public static DeploymentNumber parseOrNull(String token) {
        if (token == null || token.equals("null")) {
            return null;
        }
        try {
            return DeploymentNumber.parse(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
