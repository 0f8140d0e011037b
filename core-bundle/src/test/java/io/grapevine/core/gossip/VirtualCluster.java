package io.grapevine.core.gossip;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * N {@link CoreGossip} instances on a virtual clock and a virtual network with latency, loss and
 * dead nodes, all from one seed. A learned configuration is applied after {@code applyMs} (the
 * time to fetch its jars and update), as a driver would.
 */
final class VirtualCluster {
    static final long LATENCY_MS = 5;
    static final long TIMEOUT_MS = 1000;

    private record Event(long at, long seq, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final Map<String, CoreGossip> nodes = new HashMap<>();
    private final Set<String> dead = new HashSet<>();
    private final Map<String, Long> wakeups = new HashMap<>();
    private final Random network;
    private final double loss;
    private final long applyMs;
    private long now;
    private long seq;
    long messages;

    VirtualCluster(int n, int rendezvous, GossipSettings settings, long seed, double loss, long applyMs) {
        this.network = new Random(seed);
        this.loss = loss;
        this.applyMs = applyMs;
        List<String> meeting = new ArrayList<>();
        for (int i = 0; i < rendezvous; i++) {
            meeting.add(address(i));
        }
        for (int i = 0; i < n; i++) {
            CoreGossip node = new CoreGossip(address(i), meeting, settings, new Random(seed * 31 + i),
                    Configuration.EMPTY, 0);
            nodes.put(address(i), node);
            scheduleTick(address(i));
        }
    }

    static String address(int i) {
        return "10.0.0." + i + ":8080";
    }

    CoreGossip node(int i) {
        return nodes.get(address(i));
    }

    void kill(int i) {
        dead.add(address(i));
    }

    long now() {
        return now;
    }

    /** Makes a new deployment at node {@code i} and pushes it, as a local deploy does. */
    Configuration deployAt(int i, long time) {
        DeploymentNumber number = new DeploymentNumber(time, 0, "n" + i);
        Configuration config = new Configuration(number,
                List.of(new ModuleEntry("m", Long.toHexString(time).repeat(64).substring(0, 64).replaceAll("[^0-9a-f]", "a"),
                        1, "1", number)), List.of());
        perform(address(i), node(i).applied(now, config, null));
        return config;
    }

    /** Runs until every live node holds {@code target} or {@code limitMs} of virtual time passes. */
    long runUntilAllHold(DeploymentNumber target, long limitMs) {
        long start = now;
        while (!allLiveHold(target)) {
            Event event = queue.poll();
            if (event == null || event.at > start + limitMs) {
                return -1;
            }
            now = event.at;
            event.action.run();
        }
        return now - start;
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

    boolean allLiveHold(DeploymentNumber target) {
        return nodes.entrySet().stream().filter(e -> !dead.contains(e.getKey()))
                .allMatch(e -> target.equals(e.getValue().current().deployment()));
    }

    /** Like a driver's timer: one pending wake-up per node, moved earlier when the node asks. */
    private void scheduleTick(String address) {
        long wakeup = Math.max(now + 1, nodes.get(address).nextWakeup());
        Long pending = wakeups.get(address);
        if (pending != null && pending <= wakeup) {
            return;
        }
        wakeups.put(address, wakeup);
        at(wakeup, () -> {
            if (dead.contains(address) || wakeups.get(address) != wakeup) {
                return; // dead, or superseded by an earlier wake-up
            }
            wakeups.remove(address);
            perform(address, nodes.get(address).tick(now));
            scheduleTick(address);
        });
    }

    private void perform(String from, List<CoreGossip.Action> actions) {
        if (!dead.contains(from)) {
            scheduleTick(from);
        }
        for (CoreGossip.Action action : actions) {
            if (action instanceof CoreGossip.Exchange exchange) {
                send(from, exchange);
            } else if (action instanceof CoreGossip.Learned learned) {
                at(now + applyMs, () -> {
                    CoreGossip node = nodes.get(from);
                    if (!dead.contains(from) && learned.config().deployment().isAfter(node.current().deployment())) {
                        perform(from, node.applied(now, learned.config(), learned.from()));
                    }
                });
            }
        }
    }

    private void send(String from, CoreGossip.Exchange exchange) {
        messages++;
        String to = exchange.peer();
        boolean lost = dead.contains(to) || network.nextDouble() < loss || network.nextDouble() < loss;
        if (lost) {
            at(now + TIMEOUT_MS, () -> nodes.get(from).failed(to));
            return;
        }
        at(now + LATENCY_MS, () -> {
            CoreGossip.Reply reply = nodes.get(to).receive(now, exchange.message());
            perform(to, reply.actions());
            at(now + LATENCY_MS, () -> perform(from, nodes.get(from).replied(now, reply.message())));
        });
    }

    private void at(long time, Runnable action) {
        queue.add(new Event(time, seq++, action));
    }
}
