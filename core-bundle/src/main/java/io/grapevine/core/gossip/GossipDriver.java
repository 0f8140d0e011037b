package io.grapevine.core.gossip;

import io.grapevine.core.Metrics;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The thin driver around {@link CoreGossip}: a timer for {@link CoreGossip#nextWakeup()}, HTTP for
 * exchanges, and a hand-off of learned configurations to the catch-up. All calls into the protocol
 * object are serialized here; after each one the timer is moved if the protocol wants to wake
 * sooner.
 */
public final class GossipDriver implements AutoCloseable {
    static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(5);

    private final CoreGossip gossip;
    private final PeerClient client;
    private final Metrics metrics;
    private final LongSupplier clock;
    private final BiConsumer<Configuration, String> onLearned;
    private final ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "grapevine-gossip");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> wakeup;
    private long wakeupAt = Long.MAX_VALUE;

    public GossipDriver(String self, List<String> rendezvous, GossipSettings settings, Configuration current,
            PeerClient client, Metrics metrics, LongSupplier clock, BiConsumer<Configuration, String> onLearned) {
        this.client = client;
        this.metrics = metrics;
        this.clock = clock;
        this.onLearned = onLearned;
        this.gossip = new CoreGossip(self, rendezvous, settings, new Random(self.hashCode()), current,
                clock.getAsLong());
        reschedule();
    }

    /** A peer's core wrote to us: our reply. */
    public GossipMessage receive(GossipMessage incoming, int bytes) {
        metrics.add(Metrics.CORE_MESSAGES_RECEIVED, 1);
        metrics.add(Metrics.CORE_BYTES_RECEIVED, bytes);
        CoreGossip.Reply reply;
        synchronized (this) {
            reply = gossip.receive(clock.getAsLong(), incoming);
        }
        perform(reply.actions());
        return reply.message();
    }

    /** This node applied {@code config}; {@code source} is the peer it came from, or null. */
    public void applied(Configuration config, String source) {
        List<CoreGossip.Action> actions;
        synchronized (this) {
            actions = gossip.applied(clock.getAsLong(), config, source);
        }
        perform(actions);
    }

    public void catchUpFailed(DeploymentNumber deployment) {
        synchronized (this) {
            gossip.catchUpFailed(deployment);
        }
    }

    /** A module exchange with {@code peer} happened; see {@link CoreGossip#moduleContact}. */
    public void moduleContact(String peer, DeploymentNumber theirs, boolean succeeded) {
        List<CoreGossip.Action> actions;
        synchronized (this) {
            actions = gossip.moduleContact(clock.getAsLong(), peer, theirs, succeeded);
        }
        perform(actions);
    }

    public synchronized Map<String, PeerHeard> peers() {
        return gossip.peers();
    }

    private void tick() {
        List<CoreGossip.Action> actions;
        synchronized (this) {
            wakeupAt = Long.MAX_VALUE;
            actions = gossip.tick(clock.getAsLong());
        }
        perform(actions);
    }

    private void perform(List<CoreGossip.Action> actions) {
        for (CoreGossip.Action action : actions) {
            if (action instanceof CoreGossip.Exchange exchange) {
                exchange(exchange);
            } else if (action instanceof CoreGossip.Learned learned) {
                onLearned.accept(learned.config(), learned.from());
            }
        }
        reschedule();
    }

    private void exchange(CoreGossip.Exchange exchange) {
        byte[] body = GossipCodec.encode(exchange.message());
        metrics.add(Metrics.CORE_MESSAGES_SENT, 1);
        metrics.add(Metrics.CORE_BYTES_SENT, body.length);
        client.post(exchange.peer(), "/core/gossip", body, Map.of("Content-Type", "application/json"),
                EXCHANGE_TIMEOUT, GossipCodec.MAX_BYTES).whenComplete((answer, failure) -> {
                    if (failure != null || answer.status() != 200) {
                        synchronized (this) {
                            gossip.failed(exchange.peer());
                        }
                        return;
                    }
                    metrics.add(Metrics.CORE_MESSAGES_RECEIVED, 1);
                    metrics.add(Metrics.CORE_BYTES_RECEIVED, answer.body().length);
                    GossipMessage reply;
                    try {
                        reply = GossipCodec.decode(answer.body());
                    } catch (IllegalArgumentException e) {
                        synchronized (this) {
                            gossip.failed(exchange.peer());
                        }
                        return;
                    }
                    List<CoreGossip.Action> actions;
                    synchronized (this) {
                        actions = gossip.replied(clock.getAsLong(), reply);
                    }
                    perform(actions);
                });
    }

    private synchronized void reschedule() {
        long next = gossip.nextWakeup();
        if (next >= wakeupAt || timer.isShutdown()) {
            return;
        }
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        wakeupAt = next;
        wakeup = timer.schedule(this::tick, Math.max(0, next - clock.getAsLong()), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
