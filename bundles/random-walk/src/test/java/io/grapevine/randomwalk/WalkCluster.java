package io.grapevine.randomwalk;

import io.grapevine.module.testkit.VirtualClock;
import io.grapevine.randomwalk.RandomWalks.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * N {@link RandomWalks} nodes on a virtual clock and a virtual network, all from one seed, driven as
 * the module drives them (every message through {@link WalkCodec}). Peer sampling is a partial
 * view, as CYCLON or a membership layer gives: node i's view is its neighbours in the union of
 * {@code cycles} random Hamiltonian cycles, so every node has 2 × cycles neighbours (an
 * expander-like regular graph). A dead node refuses connections (the sender's exchange fails
 * after a round trip); a black hole answers {@code ok} and then drops what it got.
 */
final class WalkCluster {
    static final long LATENCY_MS = 2;

    /** An outcome and when the origin saw it. */
    record Seen(int origin, Outcome outcome, long at) {
    }

    private final VirtualClock clock = new VirtualClock();
    private final RandomWalkSettings settings;
    private final List<RandomWalks> nodes = new ArrayList<>();
    private final List<List<Integer>> views = new ArrayList<>();
    private final Set<Integer> dead = new HashSet<>();
    private final Set<Integer> blackHoles = new HashSet<>();
    private final long[] wakeups;
    private final Random network;
    final List<Seen> outcomes = new ArrayList<>();
    long messages;

    WalkCluster(int n, int cycles, RandomWalkSettings settings, long seed) {
        this.settings = settings;
        this.network = new Random(seed);
        this.wakeups = new long[n];
        for (int i = 0; i < n; i++) {
            nodes.add(new RandomWalks("node." + i + "-0", settings));
            views.add(new ArrayList<>());
            wakeups[i] = -1;
        }
        for (int c = 0; c < cycles; c++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, network);
            for (int i = 0; i < n; i++) {
                int a = order.get(i);
                int b = order.get((i + 1) % n);
                views.get(a).add(b);
                views.get(b).add(a);
            }
        }
    }

    static String address(int i) {
        return "10.0." + i / 256 + "." + i % 256 + ":8080";
    }

    static int index(String address) {
        String[] parts = address.substring(0, address.indexOf(':')).split("\\.");
        return Integer.parseInt(parts[2]) * 256 + Integer.parseInt(parts[3]);
    }

    void kill(int i) {
        dead.add(i);
    }

    void blackHole(int i) {
        blackHoles.add(i);
    }

    long now() {
        return clock.now();
    }

    /** Starts a walk at {@code origin}; its outcome lands in {@link #outcomes}. */
    String walk(int origin, int maxHops) {
        RandomWalks.Started started = nodes.get(origin).start(now(), maxHops, sample(origin));
        perform(origin, started.step());
        return started.id();
    }

    void runFor(long ms) {
        clock.runFor(ms);
    }

    /** Up to forwardAttempts distinct random neighbours from the node's view. */
    private List<String> sample(int self) {
        List<Integer> view = views.get(self);
        Set<String> sample = new LinkedHashSet<>();
        for (int tries = 0; tries < 4 * settings.forwardAttempts() && sample.size() < settings.forwardAttempts(); tries++) {
            sample.add(address(view.get(network.nextInt(view.size()))));
        }
        return List.copyOf(sample);
    }

    private void perform(int at, RandomWalks.Step step) {
        step.outcomes().forEach(outcome -> outcomes.add(new Seen(at, outcome, now())));
        step.sends().forEach(send -> send(at, send));
        scheduleWakeup(at);
    }

    private void scheduleWakeup(int i) {
        long next = nodes.get(i).nextWakeup();
        if (next == Long.MAX_VALUE || wakeups[i] >= 0 && wakeups[i] <= next) {
            return;
        }
        long at = Math.max(now(), next);
        wakeups[i] = at;
        clock.at(at, () -> {
            if (wakeups[i] == at) {
                wakeups[i] = -1;
                perform(i, nodes.get(i).tick(now()));
            }
        });
    }

    private void send(int from, RandomWalks.Send send) {
        messages++;
        int to = index(send.peer());
        byte[] body = send.body();
        if (dead.contains(to)) {
            clock.at(now() + 2 * LATENCY_MS, () -> perform(from, nodes.get(from).failed(send)));
            return;
        }
        clock.at(now() + LATENCY_MS, () -> {
            if (blackHoles.contains(to)) {
                return; // it said ok, and then forgot everything
            }
            RandomWalks node = nodes.get(to);
            if (send.path().equals("/walk")) {
                perform(to, node.receiveWalk(address(from), WalkCodec.decodeWalk(body), sample(to)));
            } else {
                perform(to, node.receiveDone(address(from), WalkCodec.decodeDone(body)));
            }
        });
    }
}
