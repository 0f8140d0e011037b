package io.grapevine.failuredetector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * N {@link HeartbeatProtocol} instances on a virtual clock and network (latency, dead nodes), all
 * from one seed, driven as the module drives one: a wake-up at {@code nextWakeup()}, tables through
 * {@link HeartbeatCodec} both ways. Each round's candidate is one node drawn uniformly from all
 * others, dead or alive (an ideal peer sampling service that knows nothing of crashes). Every
 * suspicion and recovery is recorded with its virtual time.
 */
final class Simulation {
    static final long LATENCY_MS = 5;

    /** Node {@code observer} suspected (or cleared) {@code member} at {@code at}. */
    record Seen(int observer, String member, boolean suspected, long at) {
    }

    private record Event(long at, long seq, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final List<HeartbeatProtocol> nodes = new ArrayList<>();
    private final Set<Integer> dead = new HashSet<>();
    private final Random sampling;
    final List<Seen> seen = new ArrayList<>();
    private long now;
    private long seq;

    Simulation(int n, Settings settings, long seed) {
        sampling = new Random(seed);
        for (int i = 0; i < n; i++) {
            HeartbeatProtocol node = new HeartbeatProtocol(address(i), settings, new Random(seed * 31 + i), 0,
                    1_000_000L * i, List.of(), List.of());
            nodes.add(node);
            int index = i;
            at(node.nextWakeup(), () -> wake(index));
        }
    }

    static String address(int i) {
        return "10.0." + (i / 250) + "." + (i % 250) + ":8080";
    }

    static int index(String address) {
        String[] parts = address.split("[.:]");
        return Integer.parseInt(parts[2]) * 250 + Integer.parseInt(parts[3]);
    }

    HeartbeatProtocol node(int i) {
        return nodes.get(i);
    }

    int size() {
        return nodes.size();
    }

    boolean alive(int i) {
        return !dead.contains(i);
    }

    long now() {
        return now;
    }

    void crash(int i) {
        dead.add(i);
    }

    /** Node {@code i} comes back as a new process: an empty table and a higher counter. */
    void restart(int i, Settings settings) {
        dead.remove(i);
        HeartbeatProtocol node = new HeartbeatProtocol(address(i), settings, new Random(i), now, 1_000_000L * i + now,
                List.of(), List.of());
        nodes.set(i, node);
        at(node.nextWakeup(), () -> wake(i));
    }

    /** The longest any live node has gone without news of a live member, now. */
    long worstStalenessMs() {
        long worst = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (alive(i)) {
                for (HeartbeatProtocol.Member member : nodes.get(i).members()) {
                    if (alive(index(member.member()))) {
                        worst = Math.max(worst, now - member.roseAt());
                    }
                }
            }
        }
        return worst;
    }

    void runFor(long ms) {
        long end = now + ms;
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Event event = queue.poll();
            now = event.at;
            event.action.run();
        }
        now = end;
    }

    private void wake(int i) {
        if (dead.contains(i)) {
            return;
        }
        HeartbeatProtocol node = nodes.get(i);
        int peer = sampling.nextInt(nodes.size() - 1);
        node.tick(now, () -> List.of(address(peer >= i ? peer + 1 : peer))).ifPresent(out -> send(i, out));
        record(i);
        at(Math.max(now + 1, node.nextWakeup()), () -> wake(i));
    }

    private void send(int from, HeartbeatProtocol.Outgoing out) {
        byte[] request = HeartbeatCodec.encode(out.table());
        int to = index(out.peer());
        at(now + LATENCY_MS, () -> {
            if (dead.contains(to)) {
                return; // the sender hears nothing: silence is all a failure detector learns of it
            }
            byte[] answer = HeartbeatCodec.encode(nodes.get(to).receive(now, HeartbeatCodec.decode(request)));
            record(to);
            at(now + LATENCY_MS, () -> {
                if (!dead.contains(from)) {
                    nodes.get(from).replied(now, HeartbeatCodec.decode(answer));
                    record(from);
                }
            });
        });
    }

    private void record(int i) {
        for (HeartbeatProtocol.Change change : nodes.get(i).pollChanges()) {
            seen.add(new Seen(i, change.member(), change.suspected(), now));
        }
    }

    private void at(long time, Runnable action) {
        queue.add(new Event(time, seq++, action));
    }
}
