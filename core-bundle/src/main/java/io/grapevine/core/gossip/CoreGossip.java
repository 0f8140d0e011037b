package io.grapevine.core.gossip;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Core gossip, the backup path that spreads configurations when every module is broken: free of
 * I/O and of the clock. Callers pass {@code now} and what arrived; it returns what to send
 * ({@link Exchange}) and what it learned ({@link Learned}); {@link #nextWakeup()} says when to
 * call {@link #tick} again. The HTTP servlet, the HTTP client and the scheduler are thin drivers
 * around it, and the simulator drives the very same class on a virtual clock.
 *
 * <p>Every exchange is push-pull: both messages carry the whole configuration, so after one round
 * trip both sides know the newer one. On applying a new configuration the node pushes it at once
 * to {@code pushFanout} peers (a Trickle-style reset), so a rollout spreads in hops of one round
 * trip, not in rounds of the interval.
 *
 * <p>Not thread-safe: the driver serializes calls.
 */
public final class CoreGossip {

    /** Something the driver should do. */
    public sealed interface Action permits Exchange, Learned {
    }

    /** Send {@code message} to {@code peer}'s core and hand the reply to {@link #replied}. */
    public record Exchange(String peer, GossipMessage message) implements Action {
    }

    /** {@code from} runs a configuration newer than ours: fetch its jars and apply it. */
    public record Learned(Configuration config, String from) implements Action {
    }

    /** The answer to an incoming message, and what it taught us. */
    public record Reply(GossipMessage message, List<Action> actions) {
    }

    private final String self;
    private final GossipSettings settings;
    private final Random random;
    private final Hints hints;
    private Configuration current;
    private DeploymentNumber pending;
    private long nextRoundAt;
    private long interval;

    public CoreGossip(String self, List<String> rendezvous, GossipSettings settings, Random random,
            Configuration current, long now) {
        this.self = self;
        this.settings = settings;
        this.random = random;
        this.hints = new Hints(self, rendezvous, settings.maxHints());
        this.current = current;
        // A starting node looks around at once (Trickle starts at I_min): a node that was down
        // during a deployment catches up within a second of coming back.
        this.interval = settings.minIntervalMs();
        this.nextRoundAt = now + jitteredInterval();
    }

    /** A round of the backup path, when one is due: one exchange with a random peer. */
    public List<Action> tick(long now) {
        if (now < nextRoundAt) {
            return List.of();
        }
        interval = Math.min(settings.intervalMs(), interval * 2);
        nextRoundAt = now + jitteredInterval();
        // Prefer a peer not yet heard on our configuration: that is where news is missing.
        List<String> behind = current.deployment() == null ? List.of()
                : hints.sampleBehind(random, 1, current.deployment());
        return exchanges(behind.isEmpty() ? hints.sample(random, 1) : behind);
    }

    public long nextWakeup() {
        return nextRoundAt;
    }

    /** A peer's request arrived; returns our reply (our configuration) and what we learned. */
    public Reply receive(long now, GossipMessage incoming) {
        List<Action> actions = hear(now, incoming);
        return new Reply(message(), actions);
    }

    /** A peer answered our {@link Exchange}. */
    public List<Action> replied(long now, GossipMessage reply) {
        return hear(now, reply);
    }

    /** A peer did not answer (or answered garbage): dropped unless it is a rendezvous address. */
    public void failed(String peer) {
        hints.failed(peer);
    }

    /**
     * This node now runs {@code config} (deployed here or caught up from {@code source}): push it
     * at once to a few peers, never back to where it came from.
     */
    public List<Action> applied(long now, Configuration config, String source) {
        current = config;
        resetInterval(now);
        if (pending != null && !pending.isAfter(config.deployment())) {
            pending = null;
        }
        if (source != null) {
            hints.heardFrom(source, config.deployment(), now);
        }
        return exchanges(hints.sampleBehind(random, settings.pushFanout(), config.deployment()));
    }

    /** Catching up to {@code deployment} failed: let a later message teach it again. */
    public void catchUpFailed(DeploymentNumber deployment) {
        if (deployment.equals(pending)) {
            pending = null;
        }
    }

    /**
     * A module exchange with {@code peer} worked, or a module message from it arrived: it is alive,
     * so it is a good hint. Returns {@link Learned}-free actions: an exchange with it when it runs a
     * newer configuration than ours (version fencing told us we are behind).
     */
    public List<Action> moduleContact(long now, String peer, DeploymentNumber theirDeployment, boolean succeeded) {
        if (succeeded) {
            hints.learn(peer, now);
        }
        hints.heardFrom(peer, theirDeployment, now);
        if (theirDeployment != null && theirDeployment.isAfter(DeploymentNumber.max(current.deployment(), pending))) {
            return exchanges(List.of(peer));
        }
        return List.of();
    }

    public Configuration current() {
        return current;
    }

    /** Every peer known, with what was last heard from it ({@code null} if nothing yet). */
    public Map<String, PeerHeard> peers() {
        return hints.heard();
    }

    private List<Action> hear(long now, GossipMessage message) {
        hints.learn(message.from(), now);
        hints.heardFrom(message.from(), message.config().deployment(), now);
        for (String hint : message.hints()) {
            if (!hints.all().contains(hint)) {
                hints.learn(hint, now);
            }
        }
        DeploymentNumber theirs = message.config().deployment();
        if (current.deployment() != null && current.deployment().isAfter(theirs)) {
            resetInterval(now); // a peer is behind: look around sooner
        }
        if (theirs != null && theirs.isAfter(DeploymentNumber.max(current.deployment(), pending))) {
            pending = theirs;
            return List.of(new Learned(message.config(), message.from()));
        }
        return List.of();
    }

    private List<Action> exchanges(List<String> peers) {
        List<Action> actions = new ArrayList<>();
        for (String peer : peers) {
            actions.add(new Exchange(peer, message()));
        }
        return actions;
    }

    private GossipMessage message() {
        return new GossipMessage(self, current, hints.sample(random, settings.hintsPerMessage()));
    }

    private void resetInterval(long now) {
        if (interval > settings.minIntervalMs()) {
            interval = settings.minIntervalMs();
            nextRoundAt = Math.min(nextRoundAt, now + jitteredInterval());
        }
    }

    private long jitteredInterval() {
        return interval / 2 + (long) (random.nextDouble() * interval);
    }
}
