package io.grapevine.aggregation;

import io.grapevine.aggregation.PushSumCodec.Answer;
import io.grapevine.aggregation.PushSumCodec.Push;
import io.grapevine.module.testkit.VirtualClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * N {@link PushSum} nodes on a virtual clock and a virtual network (latency, loss, dead nodes), all
 * from one seed, driven as the module drives them: every message goes through
 * {@link PushSumCodec}, a lost or dead peer's push fails after the exchange timeout, and peer
 * sampling is uniform over the live nodes (what a membership layer with failure detection gives).
 */
final class PushSumCluster {
    static final long LATENCY_MS = 5;

    private final VirtualClock clock = new VirtualClock();
    private final AggregationSettings settings;
    private final List<PushSum> nodes = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();
    private final Set<Integer> dead = new HashSet<>();
    private final long[] wakeups;
    private final Random network;
    private final double loss;
    long messages;

    /** Nodes with the given values; node i has id {@code id(i)}. */
    PushSumCluster(List<Double> initialValues, AggregationSettings settings, long seed, double loss) {
        this.settings = settings;
        this.network = new Random(seed);
        this.loss = loss;
        this.wakeups = new long[initialValues.size()];
        for (int i = 0; i < initialValues.size(); i++) {
            values.add(initialValues.get(i));
            nodes.add(new PushSum(id(i), settings, new Random(seed * 31 + i), initialValues.get(i), 0));
            wakeups[i] = -1;
            scheduleWakeup(i);
        }
    }

    /** Ids sort differently from indices (a bijection for up to 101 nodes), so node 0 is not the leader. */
    static String id(int i) {
        return String.format("node.%03d", (i * 37 + 11) % 101);
    }

    PushSum node(int i) {
        return nodes.get(i);
    }

    int size() {
        return nodes.size();
    }

    long now() {
        return clock.now();
    }

    boolean alive(int i) {
        return !dead.contains(i);
    }

    void kill(int i) {
        dead.add(i);
    }

    void setValue(int i, double value) {
        values.set(i, value);
        nodes.get(i).setLocalValue(value);
    }

    /** The true average of the live nodes' values. */
    double trueAverage() {
        double sum = 0;
        int live = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (alive(i)) {
                sum += values.get(i);
                live++;
            }
        }
        return sum / live;
    }

    int liveCount() {
        return nodes.size() - dead.size();
    }

    /** Index of the node whose id is the smallest: the leader after boot. */
    int smallestId() {
        int best = 0;
        for (int i = 1; i < nodes.size(); i++) {
            if (id(i).compareTo(id(best)) < 0) {
                best = i;
            }
        }
        return best;
    }

    /** Runs the virtual clock {@code ms} forward. */
    void runFor(long ms) {
        clock.runFor(ms);
    }

    private void scheduleWakeup(int i) {
        long at = Math.max(now(), nodes.get(i).nextWakeup());
        if (wakeups[i] >= 0 && wakeups[i] <= at) {
            return;
        }
        wakeups[i] = at;
        clock.at(at, () -> {
            if (wakeups[i] != at) {
                return;
            }
            wakeups[i] = -1;
            if (!alive(i)) {
                return;
            }
            for (PushSum.Send send : nodes.get(i).tick(now(), sample(i))) {
                send(i, send);
            }
            scheduleWakeup(i);
        });
    }

    private List<String> sample(int self) {
        if (liveCount() <= 1) {
            return List.of();
        }
        while (true) {
            int peer = network.nextInt(nodes.size());
            if (peer != self && alive(peer)) {
                return List.of(Integer.toString(peer));
            }
        }
    }

    private void send(int from, PushSum.Send send) {
        messages++;
        int to = Integer.parseInt(send.peer());
        byte[] request = PushSumCodec.encode(send.push());
        if (!alive(to) || network.nextDouble() < loss) {
            clock.at(now() + settings.exchangeTimeoutMs(), () -> nodes.get(from).failed(send));
            return;
        }
        clock.at(now() + LATENCY_MS, () -> {
            if (!alive(to)) {
                clock.at(now() + settings.exchangeTimeoutMs(), () -> nodes.get(from).failed(send));
                return;
            }
            Push push = PushSumCodec.decodePush(request);
            byte[] reply = PushSumCodec.encode(nodes.get(to).receive(push));
            boolean answerLost = network.nextDouble() < loss;
            clock.at(now() + (answerLost ? settings.exchangeTimeoutMs() : LATENCY_MS), () -> {
                if (!alive(from)) {
                    return;
                }
                if (answerLost) {
                    nodes.get(from).failed(send); // the mass arrived, yet comes back: counted twice
                } else {
                    Answer answer = PushSumCodec.decodeAnswer(reply);
                    nodes.get(from).answered(send, answer);
                }
            });
        });
    }
}
