package io.grapevine.broadcast;

import io.grapevine.broadcast.BroadcastCodec.Message;
import io.grapevine.module.testkit.VirtualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * N {@link RenyiErdos} nodes on a virtual clock and a virtual network, all from one seed, driven as
 * the module drives them: every message goes through {@link BroadcastCodec}, peer sampling is
 * uniform over all nodes, dead ones included (as before failure detection notices), and a forward
 * to a dead node fails after a round trip (connection refused). Latency is 1 to 10 ms per message.
 */
final class BroadcastCluster {
    private final VirtualClock clock = new VirtualClock();
    private final BroadcastSettings settings;
    private final List<RenyiErdos> nodes = new ArrayList<>();
    private final Set<Integer> dead = new HashSet<>();
    private final Map<String, Set<Integer>> deliveredAt = new HashMap<>();
    private final Random network;
    long messages;
    long duplicateDeliveries;

    BroadcastCluster(int n, BroadcastSettings settings, long seed) {
        this.settings = settings;
        this.network = new Random(seed);
        for (int i = 0; i < n; i++) {
            nodes.add(new RenyiErdos("node." + i + "-0", settings));
        }
    }

    void kill(int i) {
        dead.add(i);
    }

    boolean alive(int i) {
        return !dead.contains(i);
    }

    int liveCount() {
        return nodes.size() - dead.size();
    }

    long now() {
        return clock.now();
    }

    /** Publishes at node {@code origin}; the nodes' N is the live count (what a count layer gives). */
    PublicationStats publish(int origin, byte[] payload) {
        RenyiErdos node = nodes.get(origin);
        RenyiErdos.Published published = node.publish(now(), payload, liveCount(),
                sample(origin, node.fanout(liveCount())));
        deliver(origin, published.delivery());
        published.sends().forEach(send -> send(origin, send));
        return published.stats();
    }

    /** Fraction of live nodes that delivered message {@code id}. */
    double reach(String id) {
        return deliveredAt.getOrDefault(id, Set.of()).stream().filter(this::alive).count() / (double) liveCount();
    }

    void runFor(long ms) {
        clock.runFor(ms);
    }

    private List<String> sample(int self, int k) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (i != self) {
                all.add(i);
            }
        }
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < Math.min(k, all.size()); i++) {
            int pick = i + network.nextInt(all.size() - i);
            Integer chosen = all.set(pick, all.get(i));
            all.set(i, chosen);
            sample.add(Integer.toString(chosen));
        }
        return sample;
    }

    private void send(int from, RenyiErdos.Send send) {
        messages++;
        int to = Integer.parseInt(send.peer());
        byte[] bytes = BroadcastCodec.encode(send.message());
        long latency = 1 + network.nextInt(10);
        if (!alive(to)) {
            clock.at(now() + 2 * latency, () -> nodes.get(from).failed(send));
            return;
        }
        clock.at(now() + latency, () -> {
            RenyiErdos node = nodes.get(to);
            Message message = BroadcastCodec.decode(bytes, settings.maxMessageBytes());
            RenyiErdos.Received received = node.receive(now(), Integer.toString(from), message, liveCount(),
                    sample(to, node.fanout(liveCount()) + 1));
            if (received.delivery() != null) {
                deliver(to, received.delivery());
            }
            received.forwards().forEach(forward -> send(to, forward));
            byte[] answer = BroadcastCodec.encodeAnswer(received.first());
            clock.at(now() + latency, () -> nodes.get(from).answered(now(), send, BroadcastCodec.decodeAnswer(answer)));
        });
    }

    private void deliver(int node, RenyiErdos.Delivery delivery) {
        if (!deliveredAt.computeIfAbsent(delivery.id(), id -> new HashSet<>()).add(node)) {
            duplicateDeliveries++;
        }
    }
}
