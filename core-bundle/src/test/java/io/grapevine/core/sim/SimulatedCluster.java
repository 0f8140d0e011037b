package io.grapevine.core.sim;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.net.GossipCodec;
import io.grapevine.core.node.Action;
import io.grapevine.core.node.Change;
import io.grapevine.core.node.CoreImage;
import io.grapevine.core.node.GossipMessage;
import io.grapevine.core.node.GossipSettings;
import io.grapevine.core.node.Jar;
import io.grapevine.core.node.Limits;
import io.grapevine.core.node.Node;
import io.grapevine.core.node.Relay;
import io.grapevine.core.node.Roster;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * N production {@link Node}s on a virtual clock, driven the way {@code NodeDriver} drives one:
 * their actions become messages on a modelled network (latency, loss, dead, slow, lying and silent
 * peers), jar transfers (latency plus size over a per-source upload rate), applies (a time per
 * apply, optionally contending for a few shared cores, as nodes on one machine do) and stores that
 * survive a restart. Nothing of the node's logic is written again here. Every random draw comes
 * from one seed, so a run is a function of its setup.
 *
 * <p>Used by the core's unit tests and by {@code bench}'s simulator.
 */
public final class SimulatedCluster {

    /**
     * The modelled world.
     *
     * @param minLatencyMs one-way message latency, lower bound
     * @param maxLatencyMs one-way message latency, upper bound
     * @param loss probability that one message (either way) is lost
     * @param timeoutMs how long a sender waits for a lost or dead peer (the driver's exchange timeout)
     * @param fetchLatencyMs time to the first byte of a jar
     * @param bytesPerSecond one source's upload rate; a source serves jars one after the other
     * @param applyMs time one apply takes (on its own core)
     * @param cores cores the nodes share for applies (0: every node has its own)
     */
    public record Model(long minLatencyMs, long maxLatencyMs, double loss, long timeoutMs, long fetchLatencyMs,
            long bytesPerSecond, long applyMs, int cores) {

        /** A LAN: 1-20 ms, no loss, 5 s time-out, 10 ms to the first byte, 100 MB/s, 200 ms applies. */
        public static Model lan() {
            return new Model(1, 20, 0.0, 5_000, 10, 100_000_000L, 200, 0);
        }

        public Model withLoss(double lossRate) {
            return new Model(minLatencyMs, maxLatencyMs, lossRate, timeoutMs, fetchLatencyMs, bytesPerSecond, applyMs,
                    cores);
        }
    }

    private enum Fault { NONE, LIES, SILENT }

    private record Event(long at, long seq, int node, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final Model model;
    private double loss;
    private final GossipSettings settings;
    private final Limits limits;
    private final long seed;
    private final List<String> rendezvous = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final Node[] nodes;
    private final int[] generation;
    private final boolean[] dead;
    private final double[] slowness;
    private final Fault[] faults;
    private final long[] wakeups;
    private final long[] uploadFreeAt;
    private final long[] sentTo;
    private final List<Set<String>> stores = new ArrayList<>();
    private final List<List<Configuration>> disks = new ArrayList<>();
    private final List<List<TrustRoot>> trustDisks = new ArrayList<>();
    private final List<List<Roster.Member>> rosters = new ArrayList<>();
    private final Map<String, Long> jarSizes = new HashMap<>();
    private final Map<String, long[]> adoptedAt = new HashMap<>();
    private final Map<String, long[]> appliedAt = new HashMap<>();
    private final Map<Long, Action.Answer> answers = new HashMap<>();
    private final long[] coreFreeAt;
    private final Random network;
    private final DeployerKey key = DeployerKey.generate();
    private final List<TrustRoot> trust = List.of(TrustRoot.first(1, List.of(key.publicKeyText())));
    private long now;
    private long seq;
    private long requests;
    private long messages;
    private long bytes;
    private long fetches;
    private long moduleMessages;
    private long rumourBytes;

    public SimulatedCluster(int n, int rendezvousCount, GossipSettings settings, Limits limits, Model model, long seed) {
        this.model = model;
        this.loss = model.loss();
        this.settings = settings;
        this.limits = limits;
        this.seed = seed;
        this.network = new Random(seed);
        nodes = new Node[n];
        generation = new int[n];
        dead = new boolean[n];
        slowness = new double[n];
        faults = new Fault[n];
        wakeups = new long[n];
        uploadFreeAt = new long[n];
        sentTo = new long[n];
        coreFreeAt = new long[Math.max(0, model.cores())];
        for (int i = 0; i < n; i++) {
            index.put(address(i), i);
            stores.add(new HashSet<>());
            disks.add(List.of());
            trustDisks.add(trust);
            rosters.add(List.of());
            slowness[i] = 1;
            faults[i] = Fault.NONE;
        }
        for (int i = 0; i < Math.min(n, rendezvousCount); i++) {
            rendezvous.add(address(i));
        }
        for (int i = 0; i < n; i++) {
            boot(i);
        }
    }

    public static String address(int i) {
        return "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255) + ":8080";
    }

    public int size() {
        return nodes.length;
    }

    public Node node(int i) {
        return nodes[i];
    }

    public long now() {
        return now;
    }

    /** Core messages sent (requests and replies). */
    public long messages() {
        return messages;
    }

    /** Bytes of those messages, as the wire format encodes them. */
    public long bytes() {
        return bytes;
    }

    /** Module messages sent (requests and replies) by {@link #moduleGossip}. */
    public long moduleMessages() {
        return moduleMessages;
    }

    /** Bytes of the roster rumours the cores put on module messages (core bytes, carried by modules). */
    public long rumourBytes() {
        return rumourBytes;
    }

    /** Core requests sent to node {@code i} so far. */
    public long messagesTo(int i) {
        return sentTo[i];
    }

    /** Jar transfers that completed. */
    public long fetches() {
        return fetches;
    }

    // ---- faults ----

    /** Stops node {@code i} cleanly: it tells a few peers it leaves, then answers nothing until {@link #restart}. */
    public void stop(int i) {
        perform(i, nodes[i].leave(now));
        kill(i);
    }

    /** Crashes node {@code i}: it answers nothing until {@link #restart}. */
    public void kill(int i) {
        dead[i] = true;
        generation[i]++;
    }

    /** Starts node {@code i} again from what it persisted: its history and its store. */
    public void restart(int i) {
        dead[i] = false;
        generation[i]++;
        boot(i);
    }

    /** From now on this share of messages is lost (the model's until this is called), as under a burst of load. */
    public void loss(double rate) {
        loss = rate;
    }

    /** Node {@code i}'s messages and uploads take {@code factor} times longer. */
    public void slow(int i, double factor) {
        slowness[i] = factor;
    }

    /** Node {@code i} serves a wrong jar for every hash asked of it. */
    public void lie(int i) {
        faults[i] = Fault.LIES;
    }

    /** Node {@code i} takes jar requests and never answers them. */
    public void silence(int i) {
        faults[i] = Fault.SILENT;
    }

    /** A seeded random {@code fraction} of the nodes, never node {@code spare}, crashed at once. */
    public void crash(double fraction, int spare) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        int count = (int) Math.round(fraction * nodes.length);
        for (int crashed = 0; crashed < count;) {
            int victim = random.nextInt(nodes.length);
            if (victim != spare && !dead[victim]) {
                kill(victim);
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

    public boolean alive(int i) {
        return !dead[i];
    }

    // ---- operator commands ----

    /** A jar that exists only at node {@code i} (uploaded there) of {@code size} bytes. */
    public Jar upload(int i, String name, String version, long size) {
        String sha = sha(name + "/" + version + "/" + size + "/" + jarSizes.size());
        jarSizes.put(sha, size);
        stores.get(i).add(sha);
        return new Jar(name, sha, size, version);
    }

    /** Deploys {@code jar} at node {@code i}; returns the request id (see {@link #answer}). */
    public long deploy(int i, Jar jar) {
        long request = ++requests;
        stores.get(i).add(jar.sha256());
        perform(i, nodes[i].change(now, request, new Change.Deploy(jar)));
        return request;
    }

    public long rollback(int i, DeploymentNumber target) {
        long request = ++requests;
        perform(i, nodes[i].change(now, request, new Change.Rollback(target)));
        return request;
    }

    public long undeploy(int i, String module) {
        long request = ++requests;
        perform(i, nodes[i].change(now, request, new Change.Undeploy(module)));
        return request;
    }

    /** A configuration signed elsewhere, submitted at node {@code i}. */
    public long submit(int i, Configuration signed) {
        long request = ++requests;
        perform(i, nodes[i].submit(now, request, signed));
        return request;
    }

    /** An unsigned proposal of {@code change} made at node {@code i}: see {@link #answer}. */
    public long propose(int i, Change change) {
        long request = ++requests;
        perform(i, nodes[i].propose(now, request, change));
        return request;
    }

    /** A new trust root submitted at node {@code i}. */
    public long rotate(int i, TrustRoot next) {
        long request = ++requests;
        perform(i, nodes[i].rotate(now, request, next));
        return request;
    }

    /** The answer to a command, null while it is being applied. */
    public Action.Answer answer(long request) {
        return answers.get(request);
    }

    /** The deployer key every simulated node holds (a development cluster's convenience). */
    public DeployerKey key() {
        return key;
    }

    public List<TrustRoot> trust() {
        return trust;
    }

    /** Injects a gossip message from outside the cluster (a peer that is not a simulated node). */
    public Node.Reply inject(int i, GossipMessage message) {
        Node.Reply reply = nodes[i].receive(now, message);
        perform(i, reply.actions());
        return reply;
    }

    /**
     * From now on every node's modules exchange a message with one random other node every
     * {@code everyMs} (each node at its own phase), as the membership module does; both cores hear
     * of the contact as the driver tells them: the sender's number and roster rumours on the
     * request, the other's on the reply; a sender whose exchange got no answer is told so once its
     * time-out passed.
     */
    public void moduleGossip(long everyMs) {
        for (int i = 0; i < nodes.length; i++) {
            int node = i;
            queue.add(new Event(now + (long) (network.nextDouble() * everyMs), seq++, -1,
                    () -> moduleRound(node, everyMs)));
        }
    }

    private void moduleRound(int from, long everyMs) {
        queue.add(new Event(now + everyMs, seq++, -1, () -> moduleRound(from, everyMs)));
        if (dead[from] || nodes.length < 2) {
            return;
        }
        int to = (from + 1 + network.nextInt(nodes.length - 1)) % nodes.length;
        moduleMessages++;
        DeploymentNumber ours = nodes[from].current().deployment();
        Relay.RosterNews told = nodes[from].relay(now).to(null, now);
        rumourBytes += GossipCodec.encodeRumours(told, ours).length();
        int sent = generation[from];
        if (dead[to] || lost() || lost()) {
            at(now + model.timeoutMs(), from, sent, () -> perform(from, nodes[from].moduleTimedOut(now,
                    address(to))));
            return;
        }
        at(now + latency(from, to), to, generation[to], () -> {
            perform(to, nodes[to].moduleContact(now, address(from), ours, true, told));
            moduleMessages++;
            DeploymentNumber theirs = nodes[to].current().deployment();
            Relay.RosterNews answered = nodes[to].relay(now).to(told.members(), now);
            rumourBytes += GossipCodec.encodeRumours(answered, theirs).length();
            at(now + latency(to, from), from, sent, () -> perform(from, nodes[from].moduleContact(now, address(to),
                    theirs, true, answered)));
        });
    }

    // ---- running ----

    public void runFor(long ms) {
        long end = now + ms;
        while (!queue.isEmpty() && queue.peek().at <= end) {
            step();
        }
        now = end;
    }

    /**
     * Runs until every live node has adopted {@code deployment} (or a later one) and applied it,
     * or {@code limitMs} pass; returns the virtual time it took, -1 if not reached.
     */
    public long runUntilAllOn(DeploymentNumber deployment, long limitMs) {
        long start = now;
        // Nodes below this index were on the deployment when last looked at; the whole check runs
        // again only once they all seem to be, so a step costs the same whatever the cluster's size.
        int seenOn = 0;
        while (true) {
            while (seenOn < nodes.length && on(seenOn, deployment)) {
                seenOn++;
            }
            if (seenOn == nodes.length) {
                if (allOn(deployment)) {
                    return now - start;
                }
                seenOn = 0;
                continue;
            }
            if (queue.isEmpty() || queue.peek().at > start + limitMs) {
                return -1;
            }
            step();
        }
    }

    /** True if every live node runs {@code deployment} or a later one. */
    public boolean allOn(DeploymentNumber deployment) {
        for (int i = 0; i < nodes.length; i++) {
            if (!on(i, deployment)) {
                return false;
            }
        }
        return true;
    }

    private boolean on(int i, DeploymentNumber deployment) {
        DeploymentNumber applied = nodes[i].appliedConfiguration().deployment();
        return dead[i] || applied != null && !deployment.isAfter(applied);
    }

    /** When each node adopted {@code deployment} (virtual ms, -1 if it did not). */
    public long[] adoptedAt(DeploymentNumber deployment) {
        return adoptedAt.computeIfAbsent(deployment.toString(), k -> filled());
    }

    /** When each node finished applying {@code deployment} (virtual ms, -1 if it did not). */
    public long[] appliedAt(DeploymentNumber deployment) {
        return appliedAt.computeIfAbsent(deployment.toString(), k -> filled());
    }

    // ---- the driver's work ----

    private void boot(int i) {
        nodes[i] = new Node(address(i), "n" + i, rendezvous, settings, limits, new Random(seed * 7919 + i),
                trustDisks.get(i), key, disks.get(i), stores.get(i), rosters.get(i), CoreImage.UNMANAGED, now);
        wakeups[i] = Long.MAX_VALUE;
        perform(i, nodes[i].start(now));
    }

    private void step() {
        Event event = queue.poll();
        now = event.at;
        if (event.node < 0 || !dead[event.node]) { // a negative node: the event checks for itself
            event.action.run();
        }
    }

    private void perform(int i, List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof Action.Send send) {
                send(i, send);
            } else if (action instanceof Action.Fetch fetch) {
                fetch(i, fetch);
            } else if (action instanceof Action.Apply apply) {
                apply(i, apply.config());
            } else if (action instanceof Action.Persist persist) {
                disks.set(i, persist.history());
            } else if (action instanceof Action.PersistRoster persist) {
                rosters.set(i, persist.members());
            } else if (action instanceof Action.PersistTrust persist) {
                trustDisks.set(i, persist.chain());
            } else if (action instanceof Action.Discard discard) {
                stores.get(i).removeAll(discard.jars());
            } else if (action instanceof Action.Log log) {
                if (log.type().equals("deployment-adopted")) {
                    record(adoptedAt, log.subject(), i);
                }
            } else if (action instanceof Action.Answer answer) {
                answers.put(answer.request(), answer);
            }
        }
        scheduleTick(i);
    }

    private void record(Map<String, long[]> times, String deployment, int i) {
        long[] at = times.computeIfAbsent(deployment, k -> filled());
        if (at[i] < 0) {
            at[i] = now;
        }
    }

    private void send(int from, Action.Send send) {
        int to = index.getOrDefault(send.peer(), -1);
        messages++;
        if (to >= 0) {
            sentTo[to]++;
        }
        bytes += GossipCodec.encode(send.message()).length;
        int sent = generation[from];
        if (to < 0 || dead[to] || lost() || lost()) {
            at(now + model.timeoutMs(), from, sent, () -> perform(from, nodes[from].exchangeFailed(now, send.peer())));
            return;
        }
        at(now + latency(from, to), to, generation[to], () -> {
            Node.Reply reply = nodes[to].receive(now, send.message());
            perform(to, reply.actions());
            messages++;
            bytes += GossipCodec.encode(reply.message()).length;
            at(now + latency(to, from), from, sent, () -> perform(from, nodes[from].replied(now, reply.message())));
        });
    }

    private void fetch(int i, Action.Fetch fetch) {
        ModuleEntry jar = fetch.module();
        int source = index.getOrDefault(fetch.source(), -1);
        int asked = generation[i];
        long timeout = fetch.deadline();
        if (source < 0 || dead[source] || faults[source] == Fault.SILENT || lost()) {
            at(timeout, i, asked, () -> perform(i, nodes[i].fetchFailed(now, jar.sha256(), fetch.source(),
                    "timed out", false)));
            return;
        }
        long arrives = now + latency(i, source);
        if (faults[source] == Fault.LIES || !stores.get(source).contains(jar.sha256())) {
            String reason = faults[source] == Fault.LIES ? "wrong hash, discarded" : "HTTP 404";
            at(arrives + latency(source, i), i, asked, () -> perform(i, nodes[i].fetchFailed(now, jar.sha256(),
                    fetch.source(), reason, false)));
            return;
        }
        long start = Math.max(arrives + model.fetchLatencyMs(), uploadFreeAt[source]);
        long transfer = (long) (jar.size() * 1000.0 / model.bytesPerSecond() * slowness[source]);
        uploadFreeAt[source] = start + transfer;
        long done = start + transfer + latency(source, i);
        if (done > timeout) {
            at(timeout, i, asked, () -> perform(i, nodes[i].fetchFailed(now, jar.sha256(), fetch.source(),
                    "timed out", false)));
            return;
        }
        at(done, i, asked, () -> {
            fetches++;
            stores.get(i).add(jar.sha256());
            perform(i, nodes[i].jarFetched(now, jar.sha256(), fetch.source()));
        });
    }

    private void apply(int i, Configuration config) {
        long done = now + model.applyMs();
        if (coreFreeAt.length > 0) {
            int core = 0;
            for (int c = 1; c < coreFreeAt.length; c++) {
                core = coreFreeAt[c] < coreFreeAt[core] ? c : core;
            }
            done = Math.max(now, coreFreeAt[core]) + model.applyMs();
            coreFreeAt[core] = done;
        }
        at(done, i, generation[i], () -> {
            record(appliedAt, config.deployment().toString(), i);
            perform(i, nodes[i].applied(now, config));
        });
    }

    /** Like the driver's timer: one pending wake-up per node, moved earlier when the node asks. */
    private void scheduleTick(int i) {
        if (dead[i]) {
            return;
        }
        long wakeup = Math.max(now + 1, nodes[i].nextWakeup());
        if (wakeups[i] <= wakeup && wakeups[i] > now) {
            return;
        }
        wakeups[i] = wakeup;
        at(wakeup, i, generation[i], () -> {
            if (wakeups[i] != wakeup) {
                return;
            }
            wakeups[i] = Long.MAX_VALUE;
            perform(i, nodes[i].tick(now));
        });
    }

    private boolean lost() {
        return loss > 0 && network.nextDouble() < loss;
    }

    private long latency(int from, int to) {
        long spread = model.maxLatencyMs() - model.minLatencyMs();
        long base = model.minLatencyMs() + (spread <= 0 ? 0 : (long) (network.nextDouble() * spread));
        return (long) (base * Math.max(slowness[from], slowness[to]));
    }

    /** An event for node {@code i} that is dropped if the node crashed or restarted meanwhile. */
    private void at(long time, int i, int expectedGeneration, Runnable action) {
        queue.add(new Event(time, seq++, i, () -> {
            if (generation[i] == expectedGeneration) {
                action.run();
            }
        }));
    }

    private long[] filled() {
        long[] at = new long[nodes.length];
        java.util.Arrays.fill(at, -1);
        return at;
    }

    private static String sha(String seedText) {
        StringBuilder hex = new StringBuilder();
        long h = seedText.hashCode() * 0x9E3779B97F4A7C15L;
        while (hex.length() < 64) {
            h = h * 6364136223846793005L + 1442695040888963407L;
            hex.append(String.format("%016x", h));
        }
        return hex.substring(0, 64);
    }
}
