package io.grapevine.broadcast;

import io.grapevine.broadcast.BroadcastCodec.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Gossip broadcast in the Rényi–Erdős style (the Art paper's Algorithm 5), free of I/O and of the
 * clock: a node that gets a message for the first time delivers it and forwards it to
 * {@code ceil(ln N + c)} random peers ({@link Coverage#fanout}); later copies are dropped by id
 * ({@link SeenIds}). The forwards draw a random graph with mean degree ln N + c, connected with
 * probability about exp(-e^-c), so the message reaches all nodes but about e^-c of them, in about
 * log N / log(ln N + c) hops.
 *
 * <p>The driver passes {@code now}, N, and random peers from peer sampling ({@link #fanout} + 1 of
 * them, so the sender can be left out), and sends the {@link Send}s it gets back; outcomes come
 * back through {@link #answered} and {@link #failed}, which feed the {@link DeliveryRate} and
 * the origin's {@link PublicationStats}. Not thread-safe: the driver serializes calls.
 */
final class RenyiErdos {
    /** Publications kept for the status page. */
    static final int RECENT = 5;

    /** A message for the driver to send; {@code publication} is set on the origin's own forwards. */
    record Send(String peer, Message message, PublicationStats publication, long sentAt) {
    }

    /** A message to hand to this node's listeners. */
    record Delivery(String id, byte[] payload) {
    }

    /** The outcome of a message received: whether it was the first copy, and what follows. */
    record Received(boolean first, List<Send> forwards, Delivery delivery) {
    }

    /** The outcome of a publish. */
    record Published(PublicationStats stats, List<Send> sends, Delivery delivery) {
    }

    /** What happened so far, for operators. */
    static final class Counters {
        long published;
        long received;
        long duplicates;
        long forwarded;
        long forwardsFailed;
        int mostHops;
    }

    private final String idPrefix;
    private final BroadcastSettings settings;
    private final SeenIds seen;
    private final Deque<PublicationStats> recent = new ArrayDeque<>();
    private final Counters counters = new Counters();
    private final DeliveryRate deliveryRate = new DeliveryRate();
    private long sequence;

    /**
     * @param idPrefix unique to this node and this start (node id and start time), so ids never
     *     repeat, not even after a restart
     */
    RenyiErdos(String idPrefix, BroadcastSettings settings) {
        this.idPrefix = idPrefix;
        this.settings = settings;
        this.seen = new SeenIds(settings.idRetentionMs(), settings.maxIds());
    }

    /** How many peers a first receipt is forwarded to, for a cluster of {@code n}. */
    int fanout(double n) {
        return Coverage.fanout(n, settings.fanoutConstant(), settings.maxFanout());
    }

    /** Publishes {@code payload} from this node: delivered here too, and forwarded. */
    Published publish(long now, byte[] payload, double n, List<String> candidates) {
        String id = idPrefix + "-" + Long.toString(++sequence, 36);
        seen.firstTime(id, now);
        counters.published++;
        PublicationStats stats = new PublicationStats(id, now, n, deliveryRate);
        recent.addFirst(stats);
        if (recent.size() > RECENT) {
            recent.removeLast();
        }
        byte[] copy = payload.clone();
        List<Send> sends = forward(now, new Message(id, 0, copy), n, candidates, null, stats);
        return new Published(stats, sends, new Delivery(id, copy));
    }

    /** A peer forwarded {@code message} to us. */
    Received receive(long now, String from, Message message, double n, List<String> candidates) {
        counters.received++;
        if (!seen.firstTime(message.id(), now)) {
            counters.duplicates++;
            return new Received(false, List.of(), null);
        }
        int hops = message.hops() + 1;
        counters.mostHops = Math.max(counters.mostHops, hops);
        List<Send> forwards = hops > BroadcastCodec.MAX_HOPS ? List.of()
                : forward(now, new Message(message.id(), hops, message.payload()), n, candidates, from, null);
        return new Received(true, forwards, new Delivery(message.id(), message.payload()));
    }

    /** The peer answered a forward: {@code first} if it was its first copy. */
    void answered(long now, Send send, boolean first) {
        deliveryRate.record(true);
        if (send.publication() != null) {
            send.publication().countAnswer(first, now - send.sentAt());
        }
    }

    /** A forward failed (peer down, other version, timeout). */
    void failed(Send send) {
        counters.forwardsFailed++;
        deliveryRate.record(false);
        if (send.publication() != null) {
            send.publication().countFailure();
        }
    }

    double deliveryRate() {
        return deliveryRate.value();
    }

    Counters counters() {
        return counters;
    }

    /** The last few publications of this node, newest first. */
    List<PublicationStats> recent() {
        return List.copyOf(recent);
    }

    int idsRemembered(long now) {
        return seen.size(now);
    }

    long idsForgottenEarly() {
        return seen.forgottenEarly();
    }

    private List<Send> forward(long now, Message message, double n, List<String> candidates, String from,
            PublicationStats stats) {
        Set<String> targets = new LinkedHashSet<>(candidates);
        if (from != null) {
            targets.remove(from);
        }
        List<Send> sends = new ArrayList<>();
        for (String peer : targets) {
            if (sends.size() == fanout(n)) {
                break;
            }
            sends.add(new Send(peer, message, stats, now));
            if (stats != null) {
                stats.countSent();
            }
        }
        counters.forwarded += sends.size();
        return sends;
    }
}
