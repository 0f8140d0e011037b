package io.grapevine.core.node;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * When the backup path's next round is due (Trickle's timer: from {@code minIntervalMs}, doubling up
 * to {@code intervalMs} while nothing new is heard, jittered), and whether it may be skipped: the
 * interval is settled, this node's module exchanges in it matched the deployment with at least
 * {@code quietPeers} peers and none mismatched, and fewer than {@code quietRounds} were skipped in a
 * row.
 */
final class Rounds {
    private final GossipSettings settings;
    private final Random random;
    private final Set<String> matched = new HashSet<>();
    private long interval;
    private long nextAt;
    private boolean unsettled;
    private int skipped;
    private boolean agreed;

    /** A starting node looks around at once (Trickle starts at I_min). */
    Rounds(GossipSettings settings, Random random, long now) {
        this.settings = settings;
        this.random = random;
        this.interval = settings.minIntervalMs();
        this.nextAt = now + jittered();
    }

    long nextAt() {
        return nextAt;
    }

    /** The interval has grown to its full length: nothing new was heard for a while. */
    boolean settled() {
        return interval >= settings.intervalMs();
    }

    /** A module exchange with {@code peer}; {@code agreed}: it worked and both run the same deployment. */
    void moduleContact(String peer, boolean agreed, boolean mismatched) {
        if (agreed) {
            matched.add(peer);
        } else if (mismatched) {
            unsettled = true;
        }
    }

    /** Whether a round is due at {@code now}. */
    boolean due(long now) {
        return now >= nextAt;
    }

    /**
     * Begins the round due now, plans the next and starts its evidence afresh; returns whether the
     * modules' gossip showed agreement enough to skip this one.
     */
    boolean begin(long now) {
        agreed = settled() && settings.quietPeers() > 0 && !unsettled && matched.size() >= settings.quietPeers();
        boolean quiet = agreed && skipped < settings.quietRounds();
        matched.clear();
        unsettled = false;
        interval = Math.min(settings.intervalMs(), interval * 2);
        nextAt = now + jittered();
        return quiet;
    }

    /** The modules' gossip agreed in the round begun last (it runs only as one in {@code quietRounds} does). */
    boolean agreed() {
        return agreed;
    }

    /** The round begun was skipped (true) or ran (false). */
    void ended(boolean skippedIt) {
        skipped = skippedIt ? skipped + 1 : 0;
    }

    /** News: back to the shortest interval. */
    void reset(long now) {
        if (interval > settings.minIntervalMs()) {
            interval = settings.minIntervalMs();
            nextAt = Math.min(nextAt, now + jittered());
        }
    }

    private long jittered() {
        return interval / 2 + (long) (random.nextDouble() * interval);
    }
}
