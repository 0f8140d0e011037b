package io.grapevine.randomwalk;

import io.grapevine.randomwalk.WalkCodec.Done;
import io.grapevine.randomwalk.WalkCodec.Walk;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounded random walks (the Art paper's Algorithm 6), free of I/O and of the clock. A walk carries
 * its id, its origin and the hops it has left; each node it reaches takes one hop off and hands it
 * to a random peer from peer sampling; the node where no hop is left answers the origin, which
 * learns the end node's address from the answer. On a connected overlay where every node has the
 * same number of neighbours, such a walk ends, after enough hops, at a node chosen nearly uniformly.
 *
 * <p>A forward that fails goes to the next of the random peers the driver passed with the message
 * ({@code forwardAttempts} of them); when none is left the walk ends early where it is (after fewer
 * hops), or, at the origin, is lost at once. A walk whose answer does not come within
 * {@code (hops + 1) × hopTimeoutMs} (a peer that took it and died) is lost by timeout.
 *
 * <p>The driver passes {@code now} and random peers, sends the {@link Send}s it gets back, reports
 * failed ones to {@link #failed}, calls {@link #tick} at {@link #nextWakeup()} and completes the
 * callers' stages from the {@link Outcome}s. Not thread-safe: the driver serializes calls.
 */
final class RandomWalks {

    /** What the driver should send; {@code hop} is set for walk forwards, to retry elsewhere. */
    record Send(String peer, String path, byte[] body, Hop hop) {
    }

    /** A walk forward and the peers still to try if it fails. */
    record Hop(Walk walk, List<String> spares) {
    }

    /** How a walk started here ended. */
    sealed interface Outcome permits Ended, Lost {
        String id();
    }

    /** The walk ended at {@code node} after {@code hops} hops. */
    record Ended(String id, String node, int hops) implements Outcome {
    }

    /** The walk is lost: no peer took it, or its answer did not come in time. */
    record Lost(String id, String reason, boolean timedOut) implements Outcome {
    }

    /** What to do after an input. */
    record Step(List<Send> sends, List<Outcome> outcomes) {
        static final Step NOTHING = new Step(List.of(), List.of());

        static Step send(Send send) {
            return new Step(List.of(send), List.of());
        }

        static Step outcome(Outcome outcome) {
            return new Step(List.of(), List.of(outcome));
        }
    }

    /** A walk started here. */
    record Started(String id, Step step) {
    }

    /** What happened so far, for operators. */
    static final class Counters {
        long started;
        long ended;
        long endedEarly;
        long lost;
        long timedOut;
        long hopsServed;
        long forwardsFailed;
        long hopsOfEnded;
    }

    private record Pending(long deadline, int maxHops) {
    }

    private final String idPrefix;
    private final RandomWalkSettings settings;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Counters counters = new Counters();
    private long sequence;

    /** @param idPrefix unique to this node and start, so a late answer never completes another walk */
    RandomWalks(String idPrefix, RandomWalkSettings settings) {
        this.idPrefix = idPrefix;
        this.settings = settings;
    }

    /**
     * Starts a walk of {@code maxHops} from here through the first of {@code candidates}.
     *
     * @throws IllegalArgumentException if {@code maxHops} is not in [1, settings' maxHops]
     * @throws IllegalStateException if {@code maxPendingWalks} walks are under way already
     */
    Started start(long now, int maxHops, List<String> candidates) {
        if (maxHops < 1 || maxHops > settings.maxHops()) {
            throw new IllegalArgumentException("maxHops must be in [1, " + settings.maxHops() + "], not " + maxHops);
        }
        if (pending.size() >= settings.maxPendingWalks()) {
            throw new IllegalStateException(settings.maxPendingWalks() + " random walks under way already");
        }
        String id = idPrefix + "-" + Long.toString(++sequence, 36);
        counters.started++;
        pending.put(id, new Pending(now + (maxHops + 1L) * settings.hopTimeoutMs(), maxHops));
        return new Started(id, forward(new Walk(id, null, maxHops, 0), candidates));
    }

    /**
     * A walk reached this node from {@code from}: one hop off, then on to the first of
     * {@code candidates} or, with no hop left, the answer to the origin.
     */
    Step receiveWalk(String from, Walk walk, List<String> candidates) {
        counters.hopsServed++;
        String origin = walk.origin() == null ? from : walk.origin();
        Walk here = new Walk(walk.id(), origin, walk.hopsLeft() - 1, walk.hopsTaken() + 1);
        if (here.hopsLeft() == 0) {
            return endHere(here);
        }
        return forward(here, candidates);
    }

    /** The end node of one of our walks answered. A late or unknown answer changes nothing. */
    Step receiveDone(String from, Done done) {
        Pending walk = pending.remove(done.id());
        if (walk == null) {
            return Step.NOTHING;
        }
        counters.ended++;
        counters.hopsOfEnded += done.hopsTaken();
        if (done.hopsTaken() < walk.maxHops()) {
            counters.endedEarly++;
        }
        return Step.outcome(new Ended(done.id(), from, done.hopsTaken()));
    }

    /** A send failed: a forward goes to the next spare peer, or the walk ends here (or is lost). */
    Step failed(Send send) {
        if (send.hop() == null) {
            return Step.NOTHING; // an answer to an origin that is gone: it times out there
        }
        counters.forwardsFailed++;
        return forward(send.hop().walk(), send.hop().spares());
    }

    /** Walks whose time is up are lost. */
    Step tick(long now) {
        List<Outcome> lost = new ArrayList<>();
        Iterator<Map.Entry<String, Pending>> walks = pending.entrySet().iterator();
        while (walks.hasNext()) {
            Map.Entry<String, Pending> walk = walks.next();
            if (walk.getValue().deadline() <= now) {
                walks.remove();
                counters.timedOut++;
                lost.add(new Lost(walk.getKey(), "no answer within " + (walk.getValue().maxHops() + 1L)
                        * settings.hopTimeoutMs() + " ms", true));
            }
        }
        return lost.isEmpty() ? Step.NOTHING : new Step(List.of(), lost);
    }

    /** When the next walk times out, or {@code Long.MAX_VALUE} with none under way. */
    long nextWakeup() {
        long next = Long.MAX_VALUE;
        for (Pending walk : pending.values()) {
            next = Math.min(next, walk.deadline());
        }
        return next;
    }

    int pending() {
        return pending.size();
    }

    Counters counters() {
        return counters;
    }

    private Step forward(Walk walk, List<String> candidates) {
        List<String> peers = candidates.stream().distinct().limit(settings.forwardAttempts()).toList();
        if (!peers.isEmpty()) {
            Hop hop = new Hop(walk, peers.subList(1, peers.size()));
            return Step.send(new Send(peers.get(0), "/walk", WalkCodec.encode(walk), hop));
        }
        if (walk.origin() != null) {
            return endHere(walk); // no peer took it: it ends early, here
        }
        Pending lost = pending.remove(walk.id());
        if (lost == null) {
            return Step.NOTHING; // timed out meanwhile
        }
        counters.lost++;
        return Step.outcome(new Lost(walk.id(), "no peer took the walk", false));
    }

    private Step endHere(Walk walk) {
        return Step.send(new Send(walk.origin(), "/done", WalkCodec.encode(new Done(walk.id(), walk.hopsTaken())),
                null));
    }
}
