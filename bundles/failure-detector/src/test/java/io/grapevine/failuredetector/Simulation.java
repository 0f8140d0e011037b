package io.grapevine.failuredetector;

import io.grapevine.module.testkit.SimulatedAddresses;
import io.grapevine.module.testkit.VirtualClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    private final VirtualClock clock = new VirtualClock();
    private final List<HeartbeatProtocol> nodes = new ArrayList<>();
    private final Set<Integer> dead = new HashSet<>();
    private final Random sampling;
    final List<Seen> seen = new ArrayList<>();

    Simulation(int n, Settings settings, long seed) {
        sampling = new Random(seed);
        for (int i = 0; i < n; i++) {
            HeartbeatProtocol node = new HeartbeatProtocol(SimulatedAddresses.of(i), settings,
                    new Random(seed * 31 + i), 0, 1_000_000L * i, List.of(), List.of());
            nodes.add(node);
            int index = i;
            clock.at(node.nextWakeup(), () -> wake(index));
        }
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
        return clock.now();
    }

    void crash(int i) {
        dead.add(i);
    }

    /** Node {@code i} comes back as a new process: an empty table and a higher counter. */
    void restart(int i, Settings settings) {
        dead.remove(i);
        HeartbeatProtocol node = new HeartbeatProtocol(SimulatedAddresses.of(i), settings, new Random(i), now(),
                1_000_000L * i + now(), List.of(), List.of());
        nodes.set(i, node);
        clock.at(node.nextWakeup(), () -> wake(i));
    }

    /** The longest any live node has gone without news of a live member, now. */
    long worstStalenessMs() {
        long worst = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (alive(i)) {
                for (HeartbeatProtocol.Member member : nodes.get(i).members()) {
                    if (alive(SimulatedAddresses.indexOf(member.member()))) {
                        worst = Math.max(worst, now() - member.roseAt());
                    }
                }
            }
        }
        return worst;
    }

    void runFor(long ms) {
        clock.runFor(ms);
    }

    private void wake(int i) {
        if (dead.contains(i)) {
            return;
        }
        HeartbeatProtocol node = nodes.get(i);
        int peer = sampling.nextInt(nodes.size() - 1);
        String candidate = SimulatedAddresses.of(peer >= i ? peer + 1 : peer);
        node.tick(now(), () -> List.of(candidate)).ifPresent(out -> send(i, out));
        record(i);
        clock.at(Math.max(now() + 1, node.nextWakeup()), () -> wake(i));
    }

    private void send(int from, HeartbeatProtocol.Outgoing out) {
        byte[] request = HeartbeatCodec.encode(out.table());
        int to = SimulatedAddresses.indexOf(out.peer());
        clock.at(now() + LATENCY_MS, () -> {
            if (dead.contains(to)) {
                return; // the sender hears nothing: silence is all a failure detector learns of it
            }
            byte[] answer = HeartbeatCodec.encode(nodes.get(to).receive(now(), HeartbeatCodec.decode(request)));
            record(to);
            clock.at(now() + LATENCY_MS, () -> {
                if (!dead.contains(from)) {
                    nodes.get(from).replied(now(), HeartbeatCodec.decode(answer));
                    record(from);
                }
            });
        });
    }

    private void record(int i) {
        for (HeartbeatProtocol.Change change : nodes.get(i).pollChanges()) {
            seen.add(new Seen(i, change.member(), change.suspected(), now()));
        }
    }
}
