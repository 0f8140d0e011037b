package io.grapevine.bench.sim;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.gossip.CoreGossip;
import io.grapevine.core.gossip.GossipSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The production {@link CoreGossip} of N nodes on a virtual clock: a network with a latency range,
 * message loss and crashed nodes, all from one seed. A node that learns a configuration applies it
 * after {@code applyMs} (fetching the jar and updating), as the real driver does; a message to a
 * crashed or lost peer fails after the driver's time-out. Nothing here re-implements the protocol.
 */
public final class Simulation {
    static final long TIMEOUT_MS = 5_000;

    /**
     * What to simulate.
     *
     * @param nodes N
     * @param rendezvous how many of the first nodes are everyone's rendezvous
     * @param settings the core's gossip settings (push fan-out 0 switches push on news off)
     * @param seed the one seed of the run
     * @param loss probability that one message is lost
     * @param minLatencyMs one-way latency, lower bound
     * @param maxLatencyMs one-way latency, upper bound
     * @param applyMs time to fetch a jar and apply a configuration
     * @param crashed fraction of nodes crashed before the deployment
     */
    public record Setup(int nodes, int rendezvous, GossipSettings settings, long seed, double loss,
            long minLatencyMs, long maxLatencyMs, long applyMs, double crashed) {
    }

    private record Event(long at, long seq, int node, Runnable action) {
    }

    private final Setup setup;
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final CoreGossip[] nodes;
    private final String[] addresses;
    private final long[] wakeups;
    private final boolean[] dead;
    private final Random network;
    private long now;
    private long seq;
    private long exchanges;
    private int holding;
    private DeploymentNumber target;

    public Simulation(Setup setup) {
        this.setup = setup;
        this.network = new Random(setup.seed());
        int n = setup.nodes();
        nodes = new CoreGossip[n];
        addresses = new String[n];
        wakeups = new long[n];
        dead = new boolean[n];
        for (int i = 0; i < n; i++) {
            addresses[i] = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255) + ":8080";
        }
        List<String> meeting = new ArrayList<>();
        for (int i = 0; i < Math.min(n, setup.rendezvous()); i++) {
            meeting.add(addresses[i]);
        }
        for (int i = 0; i < n; i++) {
            nodes[i] = new CoreGossip(addresses[i], meeting, setup.settings(), new Random(setup.seed() * 7919 + i),
                    Configuration.EMPTY, 0);
            wakeups[i] = Long.MAX_VALUE;
            scheduleTick(i);
        }
    }

    public long now() {
        return now;
    }

    public long exchanges() {
        return exchanges;
    }

    /** Crashes a seeded random {@code fraction} of the nodes, never node 0 (the deployer). */
    public void crash(double fraction) {
        Random random = new Random(setup.seed() ^ 0x5DEECE66DL);
        int count = (int) Math.round(fraction * nodes.length);
        int crashed = 0;
        while (crashed < count) {
            int victim = 1 + random.nextInt(nodes.length - 1);
            if (!dead[victim]) {
                dead[victim] = true;
                crashed++;
            }
        }
    }

    public int live() {
        int live = 0;
        for (boolean d : dead) {
            live += d ? 0 : 1;
        }
        return live;
    }

    /** Advances the virtual clock by {@code ms}. */
    public void runFor(long ms) {
        long end = now + ms;
        while (!queue.isEmpty() && queue.peek().at <= end) {
            step();
        }
        now = end;
    }

    /**
     * Deploys a new configuration at node 0 and runs until every live node holds it; returns the
     * virtual milliseconds it took and records, per node, when it got there.
     */
    public long deployAndRun(long limitMs, long[] reachedAt) {
        target = new DeploymentNumber(1_000_000_000L + now, 0, "n0");
        Configuration config = new Configuration(target,
                List.of(new ModuleEntry("m", "a".repeat(64), 1, "1", target)), List.of());
        long start = now;
        holding = 0;
        java.util.Arrays.fill(reachedAt, -1);
        this.reached = reachedAt;
        markHolding(0);
        perform(0, nodes[0].applied(now, config, null));
        int live = live();
        while (holding < live) {
            if (queue.isEmpty() || queue.peek().at > start + limitMs) {
                return -1;
            }
            step();
        }
        return now - start;
    }

    private long[] reached;

    private void markHolding(int node) {
        holding++;
        if (reached != null) {
            reached[node] = now;
        }
    }

    private void step() {
        Event event = queue.poll();
        now = event.at;
        if (!dead[event.node]) {
            event.action.run();
        }
    }

    private void scheduleTick(int node) {
        long wakeup = Math.max(now + 1, nodes[node].nextWakeup());
        if (wakeups[node] <= wakeup && wakeups[node] > now) {
            return;
        }
        wakeups[node] = wakeup;
        at(wakeup, node, () -> {
            if (wakeups[node] != wakeup) {
                return;
            }
            wakeups[node] = Long.MAX_VALUE;
            perform(node, nodes[node].tick(now));
        });
    }

    private void perform(int node, List<CoreGossip.Action> actions) {
        for (CoreGossip.Action action : actions) {
            if (action instanceof CoreGossip.Exchange exchange) {
                send(node, exchange);
            } else if (action instanceof CoreGossip.Learned learned) {
                at(now + setup.applyMs(), node, () -> {
                    if (learned.config().deployment().isAfter(nodes[node].current().deployment())) {
                        if (learned.config().deployment().equals(target)) {
                            markHolding(node);
                        }
                        perform(node, nodes[node].applied(now, learned.config(), learned.from()));
                    }
                });
            }
        }
        scheduleTick(node);
    }

    private void send(int from, CoreGossip.Exchange exchange) {
        exchanges++;
        int to = index(exchange.peer());
        if (dead[to] || network.nextDouble() < setup.loss() || network.nextDouble() < setup.loss()) {
            at(now + TIMEOUT_MS, from, () -> nodes[from].failed(exchange.peer()));
            return;
        }
        at(now + latency(), to, () -> {
            CoreGossip.Reply reply = nodes[to].receive(now, exchange.message());
            perform(to, reply.actions());
            at(now + latency(), from, () -> perform(from, nodes[from].replied(now, reply.message())));
        });
    }

    private long latency() {
        long spread = setup.maxLatencyMs() - setup.minLatencyMs();
        return setup.minLatencyMs() + (spread <= 0 ? 0 : (long) (network.nextDouble() * spread));
    }

    private int index(String address) {
        String[] parts = address.substring(0, address.indexOf(':')).split("\\.");
        return (Integer.parseInt(parts[1]) << 16) | (Integer.parseInt(parts[2]) << 8) | Integer.parseInt(parts[3]);
    }

    private void at(long time, int node, Runnable action) {
        queue.add(new Event(time, seq++, node, action));
    }
}
