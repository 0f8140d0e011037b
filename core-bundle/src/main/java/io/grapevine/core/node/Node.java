package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Everything one node decides, free of I/O, threads and the clock (the shape of quinn-proto): which
 * configuration and trust root to believe (checked once, here: signed by the trust threshold, not
 * expired, not too far ahead, and newer), how deployments are numbered and signed, when to gossip
 * and with whom, which jars to fetch from which peer and when to give up on one, what to apply next,
 * what to keep on disk. Each input takes {@code now} and returns the {@link Action}s for the driver;
 * {@link #nextWakeup()} says when to call {@link #tick}. Randomness comes from the injected seeded
 * {@link Random}.
 *
 * <p>Core gossip is push-pull, digests first: a message carries the deployment number and a hash
 * of the configuration, and the whole configuration only to a peer not known to run it; after one
 * round trip both sides know the newer one. A node that adopts a configuration pushes it at once
 * to {@code pushFanout} peers not yet heard on it (a Trickle reset), before its own apply, so a
 * slow or hanging module delays nobody else. Rounds of the backup path start at
 * {@code minIntervalMs} and double up to {@code intervalMs} while nothing new is heard.
 *
 * <p>Its bookkeeping is in classes of its own, each owned by one node: {@link Deployments} (the
 * history, numbering, the apply queue, the jars kept), {@link CatchUp} (fetches), {@link Hints} and
 * {@link Roster} (peers), {@link Rounds} (the backup path's timer), {@link Refusals} and
 * {@link ModuleRestarts}; every action goes out through one {@link Outbox}, in order.
 *
 * <p>Not thread-safe: one driver thread calls it, or one simulator.
 */
public final class Node {
    private static final int TRUST_KEPT = 32;
    private static final int SENDERS_KEPT = 256;
    private static final long ROSTER_SAVE_MS = 60_000;
    /** The roster's default time to suspect. */
    private static final long LIVE_MS = 60_000;
    /**
     * A member not heard of for this long is asked at the rounds the modules' agreement may not skip
     * (one in {@code quietRounds}).
     */
    private static final long FADING_MS = LIVE_MS / 2;

    /**
     * The answer to an incoming message, and what hearing it requires.
     *
     * @param message our reply
     * @param refusal why the message's configuration was not believed, null when it was (or was older)
     */
    public record Reply(GossipMessage message, TrustRoot.Refusal refusal, List<Action> actions) {
    }

    private final String self;
    private final GossipSettings settings;
    private final Limits limits;
    private final Random random;
    private final Hints hints;
    private final Roster roster;
    private final DeployerKey key;
    private final CoreImage core;
    private final List<TrustRoot> trust;
    private final Outbox out = new Outbox();
    private final Deployments deployments;
    private final CatchUp catchUp = new CatchUp();
    private final ModuleRestarts restarts = new ModuleRestarts();
    private final Refusals refusals = new Refusals();
    private final Map<String, Long> toldBehind = new LinkedHashMap<>();
    private final Rounds rounds;
    private final Probes probes;
    private long rosterSavedAt;
    /** When a peer last showed a member digest unlike ours, and when it last showed any. */
    private long membersDifferedAt = Long.MIN_VALUE / 2;
    private long membersHeardAt = Long.MIN_VALUE / 2;
    private String digest;
    /** No repair of lost jars begins before this time (after one ran out of sources). */
    private long repairAfter;

    /**
     * @param self this node's address (host:port), as peers reach it
     * @param nodeId the id deployment numbers made here carry
     * @param trust the trust roots believed, oldest first; the last one decides
     * @param key the deployer key this node signs its operator's changes with, or null
     * @param history the configurations adopted before, newest first (from disk)
     * @param held the jars in the local store
     * @param members the roster as it was stored
     * @param core the core this node runs and the ones its launcher found bad
     */
    public Node(String self, String nodeId, List<String> rendezvous, GossipSettings settings, Limits limits,
            Random random, List<TrustRoot> trust, DeployerKey key, List<Configuration> history, Set<String> held,
            List<Roster.Member> members, CoreImage core, long now) {
        this.core = core;
        this.self = self;
        this.settings = settings;
        this.limits = limits;
        this.random = random;
        this.hints = new Hints(self, rendezvous, settings.maxHints());
        this.roster = new Roster(self, members);
        this.rosterSavedAt = now;
        this.trust = new ArrayList<>(trust);
        this.key = key;
        this.deployments = new Deployments(nodeId, limits, core, history, held, out);
        this.digest = GossipMessage.digest(current());
        // A node that was down during a deployment catches up within a second of coming back.
        this.rounds = new Rounds(settings, random, now);
        this.probes = new Probes(6 * settings.intervalMs());
    }

    /** The first input: runs the stored deployment again, with no network. */
    public List<Action> start(long now) {
        deployments.restore(now, catchUp.wanted());
        return drain();
    }

    // ---- operator commands: each is answered by an Answer action ----

    /** {@code change} made here, signed with this node's deployer key; answered once applied. */
    public List<Action> change(long now, long request, Change change) {
        if (deployments.unchanged(request, change) || clockBehind(now, request)) {
            return drain();
        }
        Configuration next = deployments.successor(now, request, change, root().version());
        if (next == null) {
            return drain();
        }
        if (key == null) {
            return answer(request, 403, "this node holds no deployer key: sign the change with grapevine-ctl --key");
        }
        return submit(now, request, next.signedBy(key.sign(next)));
    }

    /**
     * {@code change} as an unsigned proposal for deployers to sign elsewhere (answered 200 at once);
     * its new jar stays in the store until the proposal expires.
     */
    public List<Action> propose(long now, long request, Change change) {
        Configuration next = clockBehind(now, request) ? null
                : deployments.successor(now, request, change, root().version());
        if (next != null) {
            deployments.pin(next);
            out.answer(request, 200, next, null);
        }
        return drain();
    }

    /** A configuration signed elsewhere, for this node to adopt and spread; answered once applied. */
    public List<Action> submit(long now, long request, Configuration signed) {
        TrustRoot.Refusal refusal = root().check(signed, now, limits.maxAheadMs());
        if (refusal != null) {
            refuse(refusal, "operator", false);
            return answer(request, 403, refusal.detail());
        }
        if (!signed.deployment().isAfter(current().deployment())) {
            return answer(request, 409, "stale: this node runs deployment " + current().deployment()
                    + ", newer than " + signed.deployment() + "; propose again");
        }
        for (ModuleEntry module : signed.modules()) {
            if (!deployments.holds(module.sha256())) {
                return answer(request, 409, "module " + label(module) + " is not in this node's store: propose the"
                        + " change at this node");
            }
        }
        deployments.await(request, signed.deployment());
        adopt(now, signed, null);
        return drain();
    }

    /** A new trust root, signed by the threshold of the current one: believed and spread. */
    public List<Action> rotate(long now, long request, TrustRoot next) {
        TrustRoot.Refusal refusal = root().checkSuccessor(next);
        if (refusal != null) {
            refuse(refusal, "operator", false);
            return answer(request, 403, refusal.detail());
        }
        believe(now, next);
        out.answer(request, 201, current(), null);
        return drain();
    }

    // ---- core gossip ----

    /** The operator forgot {@code address}: it has left the cluster (until its core is heard from again). */
    public List<Action> forget(long now, long request, String address) {
        roster.leave(address, now);
        hints.failed(address);
        saveRoster(now);
        out.answer(request, 200, current(), null);
        return drain();
    }

    /** This node stops cleanly: a few peers are told, so that it shows as left, not down. */
    public List<Action> leave(long now) {
        GossipMessage message = message(now, Long.MAX_VALUE, false);
        List<Roster.Entry> leaving = new ArrayList<>(message.roster());
        leaving.add(new Roster.Entry(self, current().deployment(), 0, true));
        for (String peer : hints.sample(random, settings.pushFanout())) {
            out.add(new Action.Send(peer, new GossipMessage(self, message.deployment(), message.digest(), null,
                    message.trust(), List.of(), message.hints(), leaving)));
        }
        return drain();
    }

    /** A round of the backup path when one is due, and fetches past their deadline. */
    public List<Action> tick(long now) {
        if (roster.tidy(now) || now - rosterSavedAt >= ROSTER_SAVE_MS) {
            saveRoster(now);
        }
        for (CatchUp.Expired expired : catchUp.expire(now)) {
            log("bundle-fetch-refused", label(expired.jar()), "from " + expired.source() + ": no answer in time");
        }
        repairIfNeeded(now);
        finishCatchUp(now);
        restarts.dueBy(now, current()).forEach(module -> out.add(new Action.Restart(module)));
        if (rounds.due(now)) {
            // A roster still growing runs its rounds: membership spreads by core messages, which
            // carry many members, where module messages carry only rumours of change.
            boolean quiet = rounds.begin(now) && !roster.growing(now);
            rounds.ended(quiet);
            if (quiet) {
                return drain(); // the modules' gossip showed this node and its peers agree
            }
            String fading = rounds.agreed() ? roster.fading(now, FADING_MS) : null;
            if (fading != null) {
                // The modules agree, and this is one of the rounds that is never skipped: ask the
                // member heard of longest ago, so that a node no module talks to is still found
                // failed (its answer relays the rumours and freshest news of others too).
                sendTo(now, List.of(fading));
                return drain();
            }
            // Prefer peers not yet heard on our configuration: that is where news is missing. Right
            // after news (the interval still short) look for as many as a push reaches, so the few
            // nodes the pushes missed are found in a second, not at their own next round.
            int probes = rounds.settled() ? 1 : Math.max(1, settings.pushFanout());
            List<String> behind = current().deployment() == null ? List.of()
                    : behind(probes, current().deployment());
            sendTo(now, behind.isEmpty() ? hints.sample(random, 1) : behind);
        }
        return drain();
    }

    /** A peer's core wrote to us: our reply (our configuration) and what hearing it requires. */
    public Reply receive(long now, GossipMessage incoming) {
        TrustRoot.Refusal refusal = hear(now, incoming, true);
        boolean behind = current().deployment() != null && current().deployment().isAfter(incoming.deployment());
        GossipMessage reply = incoming.probe() ? lean(incoming.trust(), behind, false)
                : message(now, incoming.trust(), behind);
        return new Reply(reply, refusal, drain());
    }

    /** A peer answered our {@link Action.Send}. */
    public List<Action> replied(long now, GossipMessage reply) {
        hear(now, reply, false);
        return drain();
    }

    /** A peer did not answer: see {@link #exchangeFailed(long, String, boolean)}. */
    public List<Action> exchangeFailed(long now, String peer) {
        return exchangeFailed(now, peer, true);
    }

    /**
     * A peer did not answer ({@code unreachable}: no answer in time, no connection, or not a holder
     * of the cluster key), or answered garbage or a refusal: dropped unless it is a rendezvous
     * address; unreachable, it is asked again, and failed in the roster (and the rumour of it told)
     * once that went unanswered too ({@link Probes}).
     */
    public List<Action> exchangeFailed(long now, String peer, boolean unreachable) {
        hints.failed(peer);
        if (unreachable) {
            switch (probes.coreUnanswered(peer, now)) {
                case ASK -> ask(now, peer);
                case FAIL -> roster.failed(peer, now);
                case WAIT -> { }
            }
        }
        return drain();
    }

    /**
     * A module exchange with {@code peer} found no one there (refused, or not a holder of the cluster
     * key): the peer is failed in the roster, and the core's next round runs whatever the modules
     * agreed on.
     */
    public List<Action> moduleUnreachable(long now, String peer) {
        roster.failed(peer, now);
        rounds.moduleContact(peer, false, true);
        return drain();
    }

    /**
     * A module exchange with {@code peer} timed out: the core asks the peer itself, and only its own
     * exchanges going unanswered fail it ({@link Probes}); the core's next round runs as for any
     * failure.
     */
    public List<Action> moduleTimedOut(long now, String peer) {
        rounds.moduleContact(peer, false, true);
        if (probes.moduleTimedOut(peer, now) == Probes.Verdict.ASK) {
            ask(now, peer);
        }
        return drain();
    }

    /**
     * A module exchange with {@code peer} worked (or was fenced), or a module message from it
     * arrived: an alive peer is a good hint, and one that runs a newer configuration (version
     * fencing says so) is asked for it at once.
     */
    public List<Action> moduleContact(long now, String peer, DeploymentNumber theirs, boolean succeeded) {
        return moduleContact(now, peer, theirs, succeeded, Relay.RosterNews.NONE);
    }

    /**
     * As {@link #moduleContact(long, String, DeploymentNumber, boolean)}, with the roster news the
     * peer's core put on its module message; ours went out on ours ({@link #relay}).
     */
    public List<Action> moduleContact(long now, String peer, DeploymentNumber theirs, boolean succeeded,
            Relay.RosterNews news) {
        news.rumours().forEach(entry -> roster.relayed(entry, now));
        roster.toldOnce(Roster.PER_MODULE_MESSAGE, now);
        // Members known differently are a mismatch as a deployment is: the core's round runs, and
        // its roster sample finds a member the joins missed.
        boolean sameMembers = news.members() == null || news.members() == roster.digest();
        if (news.members() != null && sameMembers) {
            roster.peerKnowsAll();
        } else if (!sameMembers) {
            membersDifferedAt = now;
        }
        if (news.members() != null) {
            membersHeardAt = now;
        }
        if (succeeded) {
            hints.learn(peer, now);
            roster.heard(peer, theirs, now);
        }
        hints.heardFrom(peer, theirs, now);
        boolean same = Objects.equals(theirs, current().deployment());
        rounds.moduleContact(peer, succeeded && same && sameMembers, !same || !sameMembers);
        if (theirs != null && theirs.isAfter(newestKnown()) && !refusals.refusedNumber(theirs)) {
            sendTo(now, List.of(peer));
        } else if (settings.pushFanout() > 0 && current().deployment() != null
                && (theirs == null || current().deployment().isAfter(theirs))
                && now - toldBehind.getOrDefault(peer, Long.MIN_VALUE / 2) >= settings.intervalMs()) {
            // A peer the pushes missed shows in its module traffic: it is told now, not at a round
            // (a push, so not with pushes off), and once an interval at most (it may refuse what we
            // run, and keep talking).
            toldBehind.put(peer, now);
            while (toldBehind.size() > SENDERS_KEPT) {
                toldBehind.remove(toldBehind.keySet().iterator().next());
            }
            sendTo(now, List.of(peer));
        }
        return drain();
    }

    /** What this node's module messages carry of its roster, as of {@code now}. */
    public Relay relay(long now) {
        // The digest travels while joins are told, after a peer knew other members, and else once
        // in three core intervals or so (a reply carries it back): a member whose every rumour
        // missed a node, as one that died young, is found so, at a few bytes a node a second.
        long checkMs = settings.intervalMs() * 3;
        boolean differing = now - membersDifferedAt < checkMs;
        return new Relay(roster.digest(), roster.joining() || differing || now - membersHeardAt >= checkMs, differing,
                roster.rumours(Roster.PER_MODULE_MESSAGE, now, true), roster.rumours(Roster.PER_MODULE_MESSAGE, now,
                false), roster.anyMembers(random, Roster.PER_MODULE_MESSAGE, now), now);
    }

    // ---- outcomes of what the driver did ----

    /** Jar {@code sha} is in the store now (fetched from {@code source}, hash and content checked). */
    public List<Action> jarFetched(long now, String sha, String source) {
        deployments.stored(sha);
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
            refuse(target, new TrustRoot.Refusal("not-a-module", "its jar " + sha.substring(0, 12) + " is refused: "
                    + reason), source, now);
            catchUp.clear();
        }
        finishCatchUp(now);
        return drain();
    }

    /**
     * Jar {@code sha} was found damaged on disk and removed from the store: if the running
     * configuration names it, it is fetched again from peers that run it, and applied again.
     */
    public List<Action> jarLost(long now, String sha) {
        deployments.lost(sha);
        log("bundle-damaged", sha.substring(0, 12), "removed from the store; fetching it again from a peer");
        repairAfter = now;
        repairIfNeeded(now);
        finishCatchUp(now);
        return drain();
    }

    /**
     * Module {@code module} failed on this node (threw, or overran a call's bound): while the
     * configuration names it, it is started again after a backoff, {@value ModuleRestarts#ATTEMPTS} times at most.
     */
    public List<Action> moduleFailed(long now, ModuleEntry module) {
        if (current().modules().stream().noneMatch(module::sameCode)) {
            return drain(); // replaced meanwhile
        }
        long backoff = restarts.failed(now, module);
        if (backoff < 0) {
            log("module-given-up", label(module), "failed " + restarts.attemptsOf(module) + " times; it stays failed"
                    + " until a deployment changes it");
        } else {
            log("module-restart-planned", label(module), "attempt " + restarts.attemptsOf(module) + " of "
                    + ModuleRestarts.ATTEMPTS + " in " + backoff / 1000 + " s");
        }
        return drain();
    }

    /** The framework now runs {@code config}. */
    public List<Action> applied(long now, Configuration config) {
        restarts.keepOnly(config);
        deployments.applied(now, config, catchUp.wanted());
        return drain();
    }

    // ---- what the operator sees ----

    /** The newest configuration adopted: gossiped, and applied or being applied. */
    public Configuration current() {
        return deployments.current();
    }

    /** The configuration whose apply finished: what the framework runs. */
    public Configuration appliedConfiguration() {
        return deployments.applied();
    }

    public List<Configuration> history() {
        return deployments.history();
    }

    /** The trust root believed now. */
    public TrustRoot root() {
        return trust.get(trust.size() - 1);
    }

    /** Every node heard of, with when (this node's clock) and its deployment then. */
    public List<Roster.Member> roster() {
        return roster.members();
    }

    /** Every peer known, with what was last heard from it ({@code null} if nothing yet). */
    public Map<String, PeerHeard> peers() {
        return hints.heard();
    }

    public long nextWakeup() {
        return Math.min(Math.min(rounds.nextAt(), catchUp.nextDeadline()), restarts.nextDue());
    }

    // ---- the decisions ----

    /** Returns why {@code message}'s configuration was refused, or null. */
    private TrustRoot.Refusal hear(long now, GossipMessage message, boolean request) {
        String from = message.from();
        DeploymentNumber theirs = message.deployment();
        message.roster().forEach(entry -> roster.relayed(entry, now));
        roster.heard(from, theirs, message.coreReverted(), now);
        probes.answered(from);
        hints.learn(from, now);
        hints.heardFrom(from, theirs, now);
        message.hints().stream().filter(hint -> !hints.all().contains(hint)).forEach(hint -> hints.learn(hint, now));
        learnTrust(now, message, request);
        if (theirs != null && current().deployment() != null && current().deployment().isAfter(theirs)
                && rounds.settled()) {
            // A peer is behind though all seemed settled: look around sooner. While the rounds after
            // news are still short they look around anyway; resetting them at every peer not yet
            // caught up would hold every node at the shortest interval for the whole rollout, a
            // storm of exchanges that at 100 nodes on 2 cores slowed the rollout it was to speed up.
            rounds.reset(now);
        }
        if (theirs != null && catchUp.target() != null && theirs.equals(catchUp.target().deployment())) {
            catchUp.heardFrom(from);
            planFetches(now);
            return null;
        }
        if (theirs == null || !theirs.isAfter(current().deployment())) {
            return null;
        }
        if (message.config() == null) {
            // Digests first: it is ahead and sent only its number. Asking it back shows ours, and
            // its answer carries the whole configuration.
            if (theirs.isAfter(newestKnown()) && !refusals.refusedNumber(theirs)) {
                sendTo(now, List.of(from));
            }
            return null;
        }
        TrustRoot.Refusal known = refusals.lasting(message.config());
        if (known != null) {
            refuse(message.config(), known, from, now);
            return known;
        }
        return theirs.isAfter(newestKnown()) ? learn(now, message.config(), from) : null;
    }

    /** Newer trust roots a peer brought, each believed only if its predecessor's keys signed it. */
    private void learnTrust(long now, GossipMessage message, boolean request) {
        for (TrustRoot next : message.trustChain()) {
            if (next.version() == root().version() + 1) {
                TrustRoot.Refusal refusal = root().checkSuccessor(next);
                if (refusal != null) {
                    refuse(refusal, message.from(), true);
                    return;
                }
                believe(now, next);
            }
        }
        if (request && message.trust() > root().version()) {
            sendTo(now, List.of(message.from())); // its reply carries the roots we lack
        }
    }

    private void believe(long now, TrustRoot next) {
        trust.add(next);
        while (trust.size() > TRUST_KEPT) {
            trust.remove(0);
        }
        out.add(new Action.PersistTrust(List.copyOf(trust)));
        log("trust-updated", "version " + next.version(), next.keys().size() + " keys, threshold " + next.threshold());
        rounds.reset(now);
    }

    /** A newer configuration than any known: check it, then fetch what it needs. */
    private TrustRoot.Refusal learn(long now, Configuration config, String from) {
        TrustRoot.Refusal refusal = root().check(config, now, limits.maxAheadMs());
        if (refusal == null) {
            refusal = config.modules().stream().filter(m -> m.size() > limits.maxBundleBytes()).findFirst()
                    .map(m -> new TrustRoot.Refusal("too-large", "module " + label(m) + " is " + m.size()
                            + " bytes, over this node's limit of " + limits.maxBundleBytes())).orElse(null);
        }
        if (refusal != null) {
            if (refusal.code().equals("unknown-trust")) {
                return null; // not refused: the trust root it needs is on its way
            }
            refuse(config, refusal, from, now);
            return refusal;
        }
        catchUp.begin(config, from, deployments.held());
        long missing = config.modules().stream().filter(m -> !deployments.holds(m.sha256())).count();
        log("deployment-heard", config.deployment().toString(), "from " + from + ", " + missing + " jars to fetch");
        finishCatchUp(now);
        return null;
    }

    private void finishCatchUp(long now) {
        Configuration target = catchUp.target();
        if (target == null) {
            return;
        }
        boolean repair = target.equals(current());
        if (catchUp.complete()) {
            String teller = catchUp.teller();
            catchUp.clear();
            if (repair) {
                log("bundle-repaired", target.deployment().toString(), "every jar it names is in the store again");
                deployments.reapply();
            } else {
                adopt(now, target, teller);
            }
            return;
        }
        planFetches(now);
        if (catchUp.exhausted()) {
            log("catch-up-failed", target.deployment().toString(), repair
                    ? "no peer served the lost jars; trying again in " + settings.intervalMs() / 1000 + " s"
                    : "no peer served every jar; waiting to be told again");
            catchUp.clear();
            repairAfter = now + settings.intervalMs();
        }
    }

    /** Begins fetching the jars of the running configuration that are no longer in the store. */
    private void repairIfNeeded(long now) {
        Configuration running = current();
        if (catchUp.target() != null || now < repairAfter || running.deployment() == null
                || running.modules().stream().allMatch(m -> deployments.holds(m.sha256()))) {
            return;
        }
        catchUp.begin(running, null, deployments.held());
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
        catchUp.plan(now, others, limits).forEach(out::add);
    }

    /** A configuration becomes this node's (if newer) and is forwarded before it is applied. */
    private void adopt(long now, Configuration config, String source) {
        if (!deployments.adopt(config, source)) {
            return;
        }
        digest = GossipMessage.digest(config);
        if (source != null) {
            hints.heardFrom(source, config.deployment(), now);
        }
        // Forward before apply: peers need not wait for our modules.
        rounds.reset(now);
        sendTo(now, behind(settings.pushFanout(), config.deployment()));
        deployments.run(config);
    }

    /** A configuration not believed: remembered, so that hearing it again costs nothing. */
    private void refuse(Configuration config, TrustRoot.Refusal refusal, String from, long now) {
        refuse(refusal, from, refusals.remember(now, config, refusal, from, root().signs(config)));
    }

    private void refuse(TrustRoot.Refusal refusal, String from, boolean log) {
        out.add(new Action.Refused(refusal.code(), from, refusal.detail(), log));
    }

    /**
     * Refuses an operator's change (409) while most live peers run deployments ahead of this
     * node's clock, one of them signed by trusted keys: this node cannot adopt them, and a change
     * made here would number below them and lose. A lone peer ahead is its own clock's problem.
     */
    private boolean clockBehind(long now, long request) {
        DeploymentNumber aheadOfClock = refusals.aheadOfClock();
        if (aheadOfClock == null || !aheadOfClock.isAfter(current().deployment())) {
            return false;
        }
        int alive = 0;
        int ahead = 0;
        for (Roster.Member member : roster.members()) {
            if (!member.address().equals(self) && !member.left() && !member.failed()) {
                alive++;
                ahead += member.deployment() != null && member.deployment().time() > now + limits.maxAheadMs() ? 1 : 0;
            }
        }
        if (ahead * 2 <= alive) {
            return false;
        }
        out.answer(request, 409, null, "this node's clock is behind: " + ahead + " of " + alive + " live peers run "
                + "deployments over " + limits.maxAheadMs() / 1000 + " s ahead of it (" + aheadOfClock + ", signed by"
                + " trusted keys), so a change made here would number below them and lose; correct this node's"
                + " clock, or make the change at one of them");
        return true;
    }

    private List<Action> answer(long request, int status, String reason) {
        out.answer(request, status, null, reason);
        return drain();
    }

    /**
     * Up to {@code count} random peers not known to run {@code deployment} or a later one, from the
     * whole roster (where a node in nobody's hints still is, so that no node waits for its own round
     * to hear of a rollout), then from the hints.
     */
    private List<String> behind(int count, DeploymentNumber deployment) {
        roster.retarget(deployment);
        List<String> picked = new ArrayList<>();
        Set<String> taken = new HashSet<>(Set.of(self));
        for (int i = 0; i < count; i++) {
            String member = roster.behind(random, taken);
            if (member == null) {
                break;
            }
            taken.add(member);
            picked.add(member);
        }
        hints.sampleBehind(random, count, deployment).stream().filter(taken::add).limit(count - picked.size())
                .forEach(picked::add);
        return picked;
    }

    private DeploymentNumber newestKnown() {
        return DeploymentNumber.max(current().deployment(),
                catchUp.target() == null ? null : catchUp.target().deployment());
    }

    /** A request to each of {@code peers}: the whole configuration to those not known to run it. */
    private void sendTo(long now, List<String> peers) {
        for (String peer : peers) {
            out.add(new Action.Send(peer, message(now, Long.MAX_VALUE, !knownOnCurrent(peer))));
        }
    }

    /** Asks {@code peer} whether it is alive ({@link Probes}): our message, without hints or roster. */
    private void ask(long now, String peer) {
        out.add(new Action.Send(peer, lean(Long.MAX_VALUE, !knownOnCurrent(peer), true)));
    }

    private boolean knownOnCurrent(String peer) {
        PeerHeard heard = hints.heard().get(peer);
        return current().deployment() == null || heard != null && heard.deployment() != null
                && !current().deployment().isAfter(heard.deployment());
    }

    /**
     * Our message; it carries the whole configuration when {@code full} (the other side is behind)
     * and the trust roots after {@code theirTrust} when that peer is behind on trust.
     */
    private GossipMessage message(long now, long theirTrust, boolean full) {
        return message(theirTrust, full, hints.sample(random, settings.hintsPerMessage()), roster.sample(random, now),
                false);
    }

    /** As {@link #message}, without hints or roster: a probe or the answer to one. */
    private GossipMessage lean(long theirTrust, boolean full, boolean probe) {
        return message(theirTrust, full, List.of(), List.of(), probe);
    }

    private GossipMessage message(long theirTrust, boolean full, List<String> someHints, List<Roster.Entry> someMembers,
            boolean probe) {
        List<TrustRoot> chain = trust.stream().filter(root -> root.version() > theirTrust).toList();
        return new GossipMessage(self, current().deployment(), digest, full ? current() : null, root().version(), chain,
                someHints, someMembers, core.reverted(current()), probe);
    }

    private void saveRoster(long now) {
        rosterSavedAt = now;
        out.add(new Action.PersistRoster(roster.members()));
    }

    private void log(String type, String subject, String detail) {
        out.log(type, subject, detail);
    }

    private static String label(ModuleEntry module) {
        return module.name() + " " + module.version();
    }

    private List<Action> drain() {
        return out.drain();
    }
}
