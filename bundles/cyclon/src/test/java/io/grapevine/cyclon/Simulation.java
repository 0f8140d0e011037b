package io.grapevine.cyclon;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * N {@link CyclonProtocol} instances on a virtual clock and network (latency, dead nodes), all
 * from one seed, driven as the module drives one: a wake-up at {@code nextWakeup()}, each exchange
 * through {@link EntryCodec} both ways, a dead peer reported after the exchange time-out.
 */
final class Simulation {
    static final long LATENCY_MS = 5;

    private record Event(long at, long seq, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final List<CyclonProtocol> nodes = new ArrayList<>();
    private final Set<Integer> dead = new HashSet<>();
    private final List<String> rendezvous = new ArrayList<>();
    private final Settings settings;
    private long now;
    private long seq;
    long messages;

    Simulation(int n, int rendezvousCount, Settings settings, long seed) {
        this.settings = settings;
        for (int i = 0; i < rendezvousCount; i++) {
            rendezvous.add(address(i));
        }
        for (int i = 0; i < n; i++) {
            CyclonProtocol node = new CyclonProtocol(address(i), settings, new Random(seed * 31 + i), 0,
                    List.of());
            node.bootstrap(hints(i));
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

    CyclonProtocol node(int i) {
        return nodes.get(i);
    }

    int size() {
        return nodes.size();
    }

    boolean alive(int i) {
        return !dead.contains(i);
    }

    void crash(int i) {
        dead.add(i);
    }

    void runRounds(int rounds) {
        long end = now + rounds * settings.intervalMs();
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Event event = queue.poll();
            now = event.at;
            event.action.run();
        }
        now = end;
    }

    /** The core's peers of node {@code i}: the rendezvous nodes, never itself. */
    private List<String> hints(int i) {
        return rendezvous.stream().filter(r -> !r.equals(address(i))).toList();
    }

    private void wake(int i) {
        if (dead.contains(i)) {
            return;
        }
        CyclonProtocol node = nodes.get(i);
        node.tick(now, hints(i)).ifPresent(out -> send(i, out));
        at(Math.max(now + 1, node.nextWakeup()), () -> wake(i));
    }

    private void send(int from, CyclonProtocol.Outgoing out) {
        messages++;
        byte[] request = EntryCodec.encode(out.subset());
        int to = index(out.peer());
        if (dead.contains(to)) {
            at(now + settings.exchangeTimeout().toMillis(), () -> nodes.get(from).failed(out.peer()));
            return;
        }
        at(now + LATENCY_MS, () -> {
            if (dead.contains(to)) {
                return;
            }
            byte[] answer = EntryCodec.encode(nodes.get(to).receive(address(from), EntryCodec.decode(request)));
            at(now + LATENCY_MS, () -> {
                if (!dead.contains(from)) {
                    nodes.get(from).replied(out.peer(), EntryCodec.decode(answer));
                }
            });
        });
    }

    private void at(long time, Runnable action) {
        queue.add(new Event(time, seq++, action));
    }
}
