package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.HybridClock;
import io.grapevine.core.config.ModuleEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Everything one node decides, free of I/O, threads and the clock (the shape of quinn-proto): which
 * configuration to adopt (only a newer one, checked once, here), how deployments, rollbacks and
 * removals are numbered, when to gossip and with whom, which jars to fetch from which peer and when
 * to give up on one, what to apply next, what to keep on disk. Each input takes {@code now} and
 * returns the {@link Action}s for the driver; {@link #nextWakeup()} says when to call
 * {@link #tick}. Randomness comes from the injected seeded {@link Random}.
 *
 * <p>Core gossip is push-pull of the whole configuration: after one round trip both sides know the
 * newer one. A node that adopts a configuration pushes it at once to {@code pushFanout} peers not
 * yet heard on it (a Trickle reset), before its own apply, so a slow or hanging module delays
 * nobody else. Rounds of the backup path start at {@code minIntervalMs} and double up to
 * {@code intervalMs} while nothing new is heard.
 *
 * <p>Not thread-safe: one driver thread calls it, or one simulator.
 */
public final class Node {
    private static final int REFUSED_KEPT = 32;

    /** The answer to an incoming message, and what hearing it requires. */
    public record Reply(GossipMessage message, List<Action> actions) {
    }

    private final String self;
    private final GossipSettings settings;
    private final Limits limits;
    private final Random random;
    private final HybridClock clock;
    private final Hints hints;
    private final List<Configuration> history;
    private final Set<String> held;
    private final CatchUp catchUp = new CatchUp();
    private final Map<Long, DeploymentNumber> waiting = new LinkedHashMap<>();
    private final Set<DeploymentNumber> refused = new LinkedHashSet<>();
    private final List<Action> out = new ArrayList<>();
    private Configuration applied = Configuration.EMPTY;
    private Configuration applying;
    private long nextRoundAt;
    private long interval;

    /**
     * @param self this node's address (host:port), as peers reach it
     * @param nodeId the id deployment numbers made here carry
     * @param history the configurations applied before, newest first (from disk)
     * @param held the jars in the local store
     */
    public Node(String self, String nodeId, List<String> rendezvous, GossipSettings settings, Limits limits,
            Random random, List<Configuration> history, Set<String> held, long now) {
        this.self = self;
        this.settings = settings;
        this.limits = limits;
        this.random = random;
        this.clock = new HybridClock(nodeId);
        this.hints = new Hints(self, rendezvous, settings.maxHints());
        this.history = new ArrayList<>(history);
        this.held = new HashSet<>(held);
        this.history.forEach(config -> clock.observe(config.deployment()));
        // A starting node looks around at once (Trickle starts at I_min): a node that was down
        // during a deployment catches up within a second of coming back.
        this.interval = settings.minIntervalMs();
        this.nextRoundAt = now + jitteredInterval();
    }

    /** The first input: runs the stored deployment again, with no network. */
    public List<Action> start(long now) {
        if (current().deployment() != null) {
            log("deployment-restored", current().deployment().toString(), "from the local store");
            applyNextIfIdle();
        }
        discardUnwanted();
        return drain();
    }

    // ---- operator commands: each is answered by an Answer action once applied here ----

    /** A new deployment with {@code jar} added, or replacing the module of its name. */
    public List<Action> deploy(long now, long request, Jar jar) {
        held.add(jar.sha256());
        DeploymentNumber number = clock.next(now);
        return made(now, request, current().with(number, jar.at(number)));
    }

    /** A new deployment without module {@code name}. */
    public List<Action> undeploy(long now, long request, String name) {
        if (current().module(name).isEmpty()) {
            return refuse(request, 404, "no module " + name + " in the current deployment");
        }
        return made(now, request, current().without(clock.next(now), name));
    }

    /** A new deployment whose modules are those of {@code target}, a deployment in the history. */
    public List<Action> rollback(long now, long request, DeploymentNumber target) {
        Configuration old = history.stream().filter(c -> target.equals(c.deployment())).findFirst().orElse(null);
        if (old == null) {
            return refuse(request, 404, "no deployment " + target + " in this node's history");
        }
        return made(now, request, current().successor(clock.next(now), old.modules()));
    }

    // ---- core gossip ----

    /** A round of the backup path when one is due, and fetches past their deadline. */
    public List<Action> tick(long now) {
        for (CatchUp.Expired expired : catchUp.expire(now)) {
            log("bundle-fetch-refused", label(expired.jar()), "from " + expired.source() + ": no answer in time");
        }
        finishCatchUp(now);
        if (now >= nextRoundAt) {
            interval = Math.min(settings.intervalMs(), interval * 2);
            nextRoundAt = now + jitteredInterval();
            // Prefer a peer not yet heard on our configuration: that is where news is missing.
            List<String> behind = current().deployment() == null ? List.of()
                    : hints.sampleBehind(random, 1, current().deployment());
            sendTo(behind.isEmpty() ? hints.sample(random, 1) : behind);
        }
        return drain();
    }

    /** A peer's core wrote to us: our reply (our configuration) and what hearing it requires. */
    public Reply receive(long now, GossipMessage incoming) {
        hear(now, incoming);
        return new Reply(message(), drain());
    }

    /** A peer answered our {@link Action.Send}. */
    public List<Action> replied(long now, GossipMessage reply) {
        hear(now, reply);
        return drain();
    }

    /** A peer did not answer, or answered garbage: dropped unless it is a rendezvous address. */
    public List<Action> exchangeFailed(long now, String peer) {
        hints.failed(peer);
        return drain();
    }

    /**
     * A module exchange with {@code peer} worked (or was fenced), or a module message from it
     * arrived: an alive peer is a good hint, and one that runs a newer configuration (version
     * fencing says so) is asked for it at once.
     */
    public List<Action> moduleContact(long now, String peer, DeploymentNumber theirs, boolean succeeded) {
        if (succeeded) {
            hints.learn(peer, now);
        }
        hints.heardFrom(peer, theirs, now);
        if (theirs != null && theirs.isAfter(newestKnown())) {
            sendTo(List.of(peer));
        }
        return drain();
    }

    // ---- outcomes of what the driver did ----

    /** Jar {@code sha} is in the store now (fetched from {@code source}, hash and content checked). */
    public List<Action> jarFetched(long now, String sha, String source) {
        held.add(sha);
        catchUp.fetched(sha);
        finishCatchUp(now);
        return drain();
    }

    /**
     * Fetching {@code sha} from {@code source} failed for {@code reason}. {@code badJar}: the jar
     * itself came whole and is not a module this node can run, so the configuration is refused.
     */
    public List<Action> fetchFailed(long now, String sha, String source, String reason, boolean badJar) {
        Configuration target = catchUp.target();
        if (catchUp.failed(sha, source)) {
            log("bundle-fetch-refused", sha.substring(0, 12), "from " + source + ": " + reason);
        }
        if (badJar && target != null && target.modules().stream().anyMatch(m -> m.sha256().equals(sha))) {
            refuse(target, source, "its jar " + sha.substring(0, 12) + " is refused: " + reason);
            catchUp.clear();
        }
        finishCatchUp(now);
        return drain();
    }

    /** The framework now runs {@code config}. */
    public List<Action> applied(long now, Configuration config) {
        applying = null;
        applied = config;
        log("deployment-applied", config.deployment().toString(), "");
        waiting.entrySet().removeIf(command -> {
            boolean done = !command.getValue().isAfter(config.deployment());
            if (done) {
                out.add(new Action.Answer(command.getKey(), 201, command.getValue(), null));
            }
            return done;
        });
        applyNextIfIdle();
        discardUnwanted();
        return drain();
    }

    // ---- what the operator sees ----

    /** The newest configuration adopted: gossiped, and applied or being applied. */
    public Configuration current() {
        return history.isEmpty() ? Configuration.EMPTY : history.get(0);
    }

    /** The configuration whose apply finished: what the framework runs. */
    public Configuration appliedConfiguration() {
        return applied;
    }

    public List<Configuration> history() {
        return List.copyOf(history);
    }

    /** Every peer known, with what was last heard from it ({@code null} if nothing yet). */
    public Map<String, PeerHeard> peers() {
        return hints.heard();
    }

    public long nextWakeup() {
        return Math.min(nextRoundAt, catchUp.nextDeadline());
    }

    // ---- the decisions ----

    private List<Action> made(long now, long request, Configuration config) {
        waiting.put(request, config.deployment());
        adopt(now, config, null);
        return drain();
    }

    private void hear(long now, GossipMessage message) {
        String from = message.from();
        hints.learn(from, now);
        hints.heardFrom(from, message.config().deployment(), now);
        message.hints().stream().filter(hint -> !hints.all().contains(hint)).forEach(hint -> hints.learn(hint, now));
        DeploymentNumber theirs = message.config().deployment();
        if (theirs != null && current().deployment() != null && current().deployment().isAfter(theirs)) {
            resetInterval(now); // a peer is behind: look around sooner
        }
        if (theirs == null || refused.contains(theirs)) {
            return;
        }
        if (catchUp.target() != null && theirs.equals(catchUp.target().deployment())) {
            catchUp.heardFrom(from);
            planFetches(now);
        } else if (theirs.isAfter(newestKnown())) {
            learn(now, message.config(), from);
        }
    }

    /** A newer configuration than any known: check it, then fetch what it needs. */
    private void learn(long now, Configuration config, String from) {
        for (ModuleEntry module : config.modules()) {
            if (module.size() > limits.maxBundleBytes()) {
                refuse(config, from, "module " + label(module) + " is " + module.size()
                        + " bytes, over this node's limit of " + limits.maxBundleBytes());
                return;
            }
        }
        catchUp.begin(config, from, held);
        finishCatchUp(now);
    }

    private void finishCatchUp(long now) {
        Configuration target = catchUp.target();
        if (target == null) {
            return;
        }
        if (catchUp.complete()) {
            String teller = catchUp.teller();
            catchUp.clear();
            adopt(now, target, teller);
            return;
        }
        planFetches(now);
        if (catchUp.exhausted()) {
            log("catch-up-failed", target.deployment().toString(), "no peer served every jar; waiting to be told again");
            catchUp.clear();
        }
    }

    private void planFetches(long now) {
        Configuration target = catchUp.target();
        if (target == null) {
            return;
        }
        List<String> others = new ArrayList<>();
        hints.heard().forEach((peer, heard) -> {
            if (heard != null && heard.deployment() != null && !target.deployment().isAfter(heard.deployment())) {
                others.add(peer);
            }
        });
        out.addAll(catchUp.plan(now, others, limits));
    }

    /** The one place a configuration becomes this node's: only if it is newer. */
    private void adopt(long now, Configuration config, String source) {
        if (!config.deployment().isAfter(current().deployment())) {
            return;
        }
        clock.observe(config.deployment());
        history.add(0, config);
        while (history.size() > limits.historyLimit()) {
            history.remove(history.size() - 1);
        }
        out.add(new Action.Persist(List.copyOf(history)));
        log("deployment-adopted", config.deployment().toString(), config.modules().size() + " modules"
                + (source == null ? ", made here" : ", from " + source));
        if (source != null) {
            hints.heardFrom(source, config.deployment(), now);
        }
        // Forward before apply: peers need not wait for our modules.
        resetInterval(now);
        sendTo(hints.sampleBehind(random, settings.pushFanout(), config.deployment()));
        applyNextIfIdle();
    }

    private void applyNextIfIdle() {
        if (applying == null && !current().equals(applied)) {
            applying = current();
            out.add(new Action.Apply(applying));
        }
    }

    /** Jars that no configuration in the history names and the catch-up does not want. */
    private void discardUnwanted() {
        Set<String> unwanted = new HashSet<>(held);
        history.forEach(config -> config.modules().forEach(m -> unwanted.remove(m.sha256())));
        unwanted.removeAll(catchUp.wanted());
        if (applying != null) {
            applying.modules().forEach(m -> unwanted.remove(m.sha256()));
        }
        if (!unwanted.isEmpty()) {
            held.removeAll(unwanted);
            out.add(new Action.Discard(Set.copyOf(unwanted)));
        }
    }

    private void refuse(Configuration config, String from, String reason) {
        refused.add(config.deployment());
        if (refused.size() > REFUSED_KEPT) {
            refused.remove(refused.iterator().next());
        }
        log("configuration-refused", config.deployment().toString(), "from " + from + ": " + reason);
    }

    private List<Action> refuse(long request, int status, String reason) {
        out.add(new Action.Answer(request, status, null, reason));
        return drain();
    }

    private DeploymentNumber newestKnown() {
        return DeploymentNumber.max(current().deployment(),
                catchUp.target() == null ? null : catchUp.target().deployment());
    }

    private void sendTo(List<String> peers) {
        for (String peer : peers) {
            out.add(new Action.Send(peer, message()));
        }
    }

    private GossipMessage message() {
        return new GossipMessage(self, current(), hints.sample(random, settings.hintsPerMessage()));
    }

    private void resetInterval(long now) {
        if (interval > settings.minIntervalMs()) {
            interval = settings.minIntervalMs();
            nextRoundAt = Math.min(nextRoundAt, now + jitteredInterval());
        }
    }

    private long jitteredInterval() {
        return interval / 2 + (long) (random.nextDouble() * interval);
    }

    private void log(String type, String subject, String detail) {
        out.add(new Action.Log(type, subject, detail));
    }

    private static String label(ModuleEntry module) {
        return module.name() + " " + module.version();
    }

    private List<Action> drain() {
        List<Action> actions = List.copyOf(out);
        out.clear();
        return actions;
    }
}
