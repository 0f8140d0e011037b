package io.grapevine.module.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * N instances of a gossip protocol that exchanges with one peer per round (push-pull), on a
 * {@link VirtualClock} and a virtual network (latency, dead nodes), all from one seed, driven as
 * its module drives one: a wake-up at its next wake-up time, each request and answer through the
 * wire format both ways, a dead peer reported after the exchange time-out. Every node knows the
 * first {@code rendezvousCount} nodes, as the core's peers, and nothing else.
 *
 * @param <P> the protocol
 */
public final class GossipSimulation<P> {
    public static final long LATENCY_MS = 5;

    /** A request on its way to {@code peer}, as it goes on the wire. */
    public record Request(String peer, byte[] body) {
    }

    /** How the module drives its protocol: what the simulation does with a node. */
    public interface Wiring<P> {
        /** A new node at time 0 that knows only {@code hints}, the core's peers. */
        P start(String self, Random random, List<String> hints);

        long nextWakeup(P node);

        /** The request the node sends at {@code now}, if one is due. */
        Optional<Request> tick(P node, long now, List<String> hints);

        /** The node's answer to {@code from}'s request. */
        byte[] receive(P node, String from, byte[] request);

        void replied(P node, String peer, byte[] answer);

        void failed(P node, String peer);
    }

    private final VirtualClock clock = new VirtualClock();
    private final List<P> nodes = new ArrayList<>();
    private final Set<Integer> dead = new HashSet<>();
    private final List<String> rendezvous = new ArrayList<>();
    private final long intervalMs;
    private final long exchangeTimeoutMs;
    private final Wiring<P> wiring;

    public GossipSimulation(int n, int rendezvousCount, long seed, long intervalMs, long exchangeTimeoutMs,
            Wiring<P> wiring) {
        this.intervalMs = intervalMs;
        this.exchangeTimeoutMs = exchangeTimeoutMs;
        this.wiring = wiring;
        for (int i = 0; i < rendezvousCount; i++) {
            rendezvous.add(SimulatedAddresses.of(i));
        }
        for (int i = 0; i < n; i++) {
            P node = wiring.start(SimulatedAddresses.of(i), new Random(seed * 31 + i), hints(i));
            nodes.add(node);
            int index = i;
            clock.at(wiring.nextWakeup(node), () -> wake(index));
        }
    }

    public P node(int i) {
        return nodes.get(i);
    }

    public int size() {
        return nodes.size();
    }

    public boolean alive(int i) {
        return !dead.contains(i);
    }

    public void crash(int i) {
        dead.add(i);
    }

    public void runRounds(int rounds) {
        clock.runFor(rounds * intervalMs);
    }

    /** The core's peers of node {@code i}: the rendezvous nodes, never itself. */
    private List<String> hints(int i) {
        return rendezvous.stream().filter(r -> !r.equals(SimulatedAddresses.of(i))).toList();
    }

    private void wake(int i) {
        if (dead.contains(i)) {
            return;
        }
        P node = nodes.get(i);
        wiring.tick(node, clock.now(), hints(i)).ifPresent(request -> send(i, request));
        clock.at(Math.max(clock.now() + 1, wiring.nextWakeup(node)), () -> wake(i));
    }

    private void send(int from, Request request) {
        int to = SimulatedAddresses.indexOf(request.peer());
        if (dead.contains(to)) {
            clock.at(clock.now() + exchangeTimeoutMs, () -> wiring.failed(nodes.get(from), request.peer()));
            return;
        }
        clock.at(clock.now() + LATENCY_MS, () -> {
            if (dead.contains(to)) {
                return;
            }
            byte[] answer = wiring.receive(nodes.get(to), SimulatedAddresses.of(from), request.body());
            clock.at(clock.now() + LATENCY_MS, () -> {
                if (!dead.contains(from)) {
                    wiring.replied(nodes.get(from), request.peer(), answer);
                }
            });
        });
    }
}
