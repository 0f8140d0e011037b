package io.grapevine.core.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When the core believes a peer failed. A failure believed is a rumour every node that takes it
 * tells λ log n times, and the peer's "back" another: one false failure costs a 100-node cluster
 * thousands of rumour entries on module messages. So, as SWIM confirms a missed ping before it
 * suspects: a module exchange that timed out (the module chose its time-out, 2 s for membership,
 * which a live peer on a loaded machine misses) only makes the core ask the peer itself, bounded by
 * its own longer time-out; and the core fails a peer once two of its own exchanges with it in a row
 * went unanswered. A peer's questions count within a window (longer than two exchanges' time-outs,
 * so that a chain of questions ends). At most {@link #PER_WINDOW} peers are asked in one; beyond
 * that the time-outs are not believed at all, as Lifeguard (the SWIM of Serf) has a node that
 * misses many answers doubt itself first: on a machine too loaded to answer in time, the node that
 * times out with many peers at once is more likely the slow one. Those peers are asked in a later
 * window, and a refused connection still fails a peer at once.
 */
final class Probes {
    static final int PER_WINDOW = 8;
    static final int UNANSWERED_TO_FAIL = 2;

    private final long windowMs;
    /** Per peer asked in this window: since when, and how many core exchanges went unanswered. */
    private final Map<String, long[]> asked = new LinkedHashMap<>();

    Probes(long windowMs) {
        this.windowMs = windowMs;
    }

    enum Verdict {
        /** Send the peer the core's own message; its outcome decides. */
        ASK,
        /**
         * Nothing now: the core asked it in this window already, and that answer (or its absence)
         * decides; or it asked too many.
         */
        WAIT,
        /** Believe it failed. */
        FAIL
    }

    /** A module exchange with {@code peer} timed out: never {@link Verdict#FAIL}, a module's time-out fails no one. */
    Verdict moduleTimedOut(String peer, long now) {
        expire(now);
        if (asked.containsKey(peer)) {
            return Verdict.WAIT;
        }
        return start(peer, now, 0);
    }

    /** A core exchange with {@code peer} went unanswered. */
    Verdict coreUnanswered(String peer, long now) {
        expire(now);
        long[] known = asked.get(peer);
        if (known == null) {
            return start(peer, now, 1);
        }
        known[1] = Math.min(UNANSWERED_TO_FAIL, known[1] + 1);
        return known[1] >= UNANSWERED_TO_FAIL ? Verdict.FAIL : Verdict.ASK;
    }

    /**
     * The core heard from {@code peer}: its unanswered exchanges start from none (in a row), though
     * it stays asked for the window, so that a flood of time-outs costs one question a window.
     */
    void answered(String peer) {
        long[] known = asked.get(peer);
        if (known != null) {
            known[1] = 0;
        }
    }

    private Verdict start(String peer, long now, long unanswered) {
        if (asked.size() >= PER_WINDOW) {
            return Verdict.WAIT;
        }
        asked.put(peer, new long[] {now, unanswered});
        return Verdict.ASK;
    }

    private void expire(long now) {
        asked.values().removeIf(entry -> now - entry[0] >= windowMs);
    }
}
