package io.grapevine.core.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

/** One node's decisions, input by input, with no network and no clock. */
public class NodeTest {
    private static final GossipSettings DEFAULTS = GossipSettings.defaults();
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);

    private static final DeployerKey KEY = DeployerKey.generate();
    private static final List<TrustRoot> TRUST = List.of(TrustRoot.first(1, List.of(KEY.publicKeyText())));
    private static final Limits LIMITS = new Limits(1000, 3, 5_000, 1 << 20, 600_000, 86_400_000);

    private static Node node(List<Configuration> history, Set<String> held) {
        return new Node("me:1", "me", List.of("r:1"), DEFAULTS, LIMITS, new Random(1), TRUST, KEY, history, held, List.of(), CoreImage.UNMANAGED, 0);
    }

    /** A configuration a trusted deployer made at {@code time}. */
    static Configuration config(long time, String sha, long size) {
        DeploymentNumber number = new DeploymentNumber(time, 0, "peer");
        Configuration config = new Configuration(number, List.of(new ModuleEntry("m", sha, size, "1.0.0", number)))
                .terms(1, time + 86_400_000);
        return config.signedBy(KEY.sign(config));
    }

    private static Change.Deploy deploy(String name, String sha) {
        return new Change.Deploy(new Jar(name, sha, 10, "1.0.0"));
    }

    private static GossipMessage from(String peer, Configuration config) {
        return new GossipMessage(peer, config, 1, List.of(), List.of());
    }

    private static <T extends Action> List<T> only(List<Action> actions, Class<T> type) {
        List<T> found = new ArrayList<>();
        actions.stream().filter(type::isInstance).map(type::cast).forEach(found::add);
        return found;
    }

    @Test
    public void anOlderConfigurationIsNeverLearned() {
        Node node = node(List.of(config(2, SHA_A, 10)), Set.of(SHA_A));
        node.start(0);
        Node.Reply reply = node.receive(0, from("peer:1", config(1, SHA_B, 10)));
        assertTrue(only(reply.actions(), Action.Fetch.class).isEmpty());
        assertEquals(2, reply.message().deployment().time());
        assertTrue("the older peer gets the whole configuration", reply.message().config() != null);
        List<Action> learned = node.replied(0, from("peer:2", config(3, SHA_B, 10)));
        assertEquals(1, only(learned, Action.Fetch.class).size());
        assertTrue("already being fetched", only(node.replied(0, from("peer:3", config(3, SHA_B, 10))),
                Action.Fetch.class).isEmpty());
    }

    @Test
    public void aLearnedConfigurationIsForwardedBeforeItsOwnApplyFinishes() {
        Node node = node(List.of(), Set.of());
        node.start(0);
        node.receive(0, from("peer:2", Configuration.EMPTY));
        node.receive(0, from("peer:3", Configuration.EMPTY));
        List<Action> fetch = node.receive(0, from("peer:1", config(5, SHA_A, 10))).actions();
        assertEquals("peer:1", only(fetch, Action.Fetch.class).get(0).source());
        List<Action> fetched = node.jarFetched(10, SHA_A, "peer:1");
        assertEquals(1, only(fetched, Action.Apply.class).size());
        assertEquals(1, only(fetched, Action.Persist.class).size());
        List<String> pushedTo = only(fetched, Action.Send.class).stream().map(Action.Send::peer).toList();
        assertTrue("pushed on, never back to its source: " + pushedTo,
                pushedTo.contains("peer:2") && pushedTo.contains("peer:3") && !pushedTo.contains("peer:1"));
        assertEquals("gossip carries the adopted configuration", 5, node.current().deployment().time());
        assertNull("the framework does not run it yet", node.appliedConfiguration().deployment());
    }

    @Test
    public void aSilentSourceCostsOneDeadlineThenTheNextSourceIsAsked() {
        Node node = node(List.of(), Set.of());
        node.start(0);
        Action.Fetch first = only(node.receive(0, from("silent:1", config(5, SHA_A, 10))).actions(),
                Action.Fetch.class).get(0);
        assertTrue(only(node.receive(1, from("honest:1", config(5, SHA_A, 10))).actions(), Action.Fetch.class).isEmpty());
        assertTrue("the fetch deadline is the next wake-up", node.nextWakeup() <= first.deadline());
        List<Action> later = node.tick(first.deadline());
        Action.Fetch second = only(later, Action.Fetch.class).get(0);
        assertEquals("honest:1", second.source());
        assertTrue(only(node.jarFetched(first.deadline() + 5, SHA_A, "honest:1"), Action.Apply.class).size() == 1);
    }

    @Test
    public void aSourceThatFailedIsAskedAgainOnlyAfterTheOthersAndThenTheNodeGivesUp() {
        Node node = node(List.of(), Set.of());
        node.start(0);
        node.receive(0, from("a:1", config(5, SHA_A, 10)));
        node.receive(0, from("b:1", config(5, SHA_A, 10)));
        List<String> asked = new ArrayList<>(List.of("a:1"));
        for (int i = 0; i < 3; i++) {
            List<Action.Fetch> next = only(node.fetchFailed(i, SHA_A, asked.get(asked.size() - 1), "HTTP 500", false),
                    Action.Fetch.class);
            asked.add(next.get(0).source());
        }
        assertEquals(List.of("a:1", "b:1", "a:1", "b:1"), asked);
        List<Action> last = node.fetchFailed(5, SHA_A, "b:1", "HTTP 500", false);
        assertTrue(only(last, Action.Fetch.class).isEmpty());
        assertTrue(only(last, Action.Log.class).stream().anyMatch(l -> l.type().equals("catch-up-failed")));
        assertEquals("told again, it tries again", 1,
                only(node.receive(9, from("c:1", config(5, SHA_A, 10))).actions(), Action.Fetch.class).size());
    }

    @Test
    public void aNewerConfigurationSupersedesOneBeingFetched() {
        Node node = node(List.of(), Set.of());
        node.start(0);
        node.receive(0, from("p:1", config(5, SHA_A, 10)));
        List<Action.Fetch> newer = only(node.receive(1, from("p:2", config(6, SHA_B, 10))).actions(), Action.Fetch.class);
        assertEquals(SHA_B, newer.get(0).module().sha256());
        assertTrue("the older one is not adopted when its jar arrives late",
                only(node.jarFetched(2, SHA_A, "p:1"), Action.Apply.class).isEmpty());
        node.jarFetched(3, SHA_B, "p:2");
        assertEquals(6, node.current().deployment().time());
    }

    @Test
    public void aJarThatIsNotAModuleRefusesTheConfigurationForGood() {
        Node node = node(List.of(), Set.of());
        node.start(0);
        node.receive(0, from("p:1", config(5, SHA_A, 10)));
        List<Action> refused = node.fetchFailed(1, SHA_A, "p:1", "not a bundle", true);
        assertEquals("not-a-module", only(refused, Action.Refused.class).get(0).code());
        assertTrue(only(node.receive(2, from("p:2", config(5, SHA_A, 10))).actions(), Action.Fetch.class).isEmpty());
        assertNull(node.current().deployment());
    }

    @Test
    public void aConfigurationNamingAJarOverTheLimitIsRefusedWithoutFetching() {
        Node node = node(List.of(), Set.of());
        node.start(0);
        List<Action> actions = node.receive(0, from("p:1", config(5, SHA_A, 5000))).actions();
        assertTrue(only(actions, Action.Fetch.class).isEmpty());
        Action.Refused refused = only(actions, Action.Refused.class).get(0);
        assertEquals("too-large", refused.code());
        assertTrue(refused.detail().contains("over this node's limit"));
    }

    @Test
    public void aCommandIsAnsweredOnceItsDeploymentIsApplied() {
        Node node = node(List.of(), Set.of());
        node.start(0);
        List<Action> made = node.change(100, 7, deploy("m", SHA_A));
        assertTrue(only(made, Action.Answer.class).isEmpty());
        Configuration config = only(made, Action.Apply.class).get(0).config();
        Action.Answer answer = only(node.applied(200, config), Action.Answer.class).get(0);
        assertEquals(201, answer.status());
        assertEquals(config, answer.config());
        assertEquals(config, node.appliedConfiguration());
    }

    @Test
    public void aRollbackToADeploymentNotInTheHistoryIsRefused() {
        Node node = node(List.of(config(2, SHA_A, 10)), Set.of(SHA_A));
        node.start(0);
        Action.Answer answer = only(node.change(5, 1, new Change.Rollback(new DeploymentNumber(1, 0, "x"))),
                Action.Answer.class).get(0);
        assertEquals(404, answer.status());
        assertEquals(404, only(node.change(5, 2, new Change.Undeploy("nope")), Action.Answer.class).get(0).status());
    }

    @Test
    public void aRollbackIsANewDeploymentWithTheOldModules() {
        Configuration old = config(2, SHA_A, 10);
        Node node = node(List.of(config(3, SHA_B, 10), old), Set.of(SHA_A, SHA_B));
        node.start(0);
        Configuration rolled = only(node.change(5, 1, new Change.Rollback(old.deployment())), Action.Persist.class)
                .get(0).history().get(0);
        assertTrue(rolled.deployment().isAfter(new DeploymentNumber(3, 0, "peer")));
        assertEquals(SHA_A, rolled.modules().get(0).sha256());
    }

    @Test
    public void theHistoryIsNewestFirstAndBounded() {
        Node node = node(List.of(), Set.of());
        node.start(0);
        for (int i = 1; i <= 5; i++) {
            node.change(i * 1000L, i, deploy("m", Integer.toString(i).repeat(64)));
        }
        assertEquals(List.of(5000L, 4000L, 3000L),
                node.history().stream().map(c -> c.deployment().time()).toList());
    }

    /** A node that runs {@code config}, applied. */
    private static Node running(Configuration config) {
        Node node = node(List.of(config), Set.of(config.modules().get(0).sha256()));
        node.start(0);
        node.applied(0, config);
        return node;
    }

    @Test
    public void aFailedModuleIsStartedAgainWithADoublingBackoffAndThenLeftFailed() {
        Configuration running = config(5, SHA_A, 10);
        Node node = running(running);
        ModuleEntry module = running.modules().get(0);
        long now = 1_000;
        for (long backoff : new long[] {10_000, 20_000, 40_000, 80_000, 160_000}) {
            node.moduleFailed(now, module);
            assertTrue("the node wakes for it", node.nextWakeup() <= now + backoff);
            assertTrue("not before its backoff", only(node.tick(now + backoff - 1), Action.Restart.class).isEmpty());
            assertEquals(List.of(new Action.Restart(module)), only(node.tick(now + backoff), Action.Restart.class));
            now += backoff + 100;
        }
        List<Action> last = node.moduleFailed(now, module);
        assertTrue(only(last, Action.Log.class).stream().anyMatch(l -> l.type().equals("module-given-up")));
        assertTrue("no restart after the last try", only(node.tick(now + 1_000_000), Action.Restart.class).isEmpty());
    }

    @Test
    public void aFailedModuleThatADeploymentReplacedIsNotStartedAgainButItsSuccessorGetsItsOwnTries() {
        Configuration running = config(5, SHA_A, 10);
        Node node = running(running);
        node.moduleFailed(1_000, running.modules().get(0));
        Configuration next = config(6, SHA_B, 10);
        node.receive(2_000, from("peer:1", next));
        node.jarFetched(2_100, SHA_B, "peer:1");
        node.applied(3_000, next);
        assertTrue("the old jar's restart is dropped", only(node.tick(60_000), Action.Restart.class).isEmpty());
        node.moduleFailed(61_000, next.modules().get(0));
        assertEquals(List.of(new Action.Restart(next.modules().get(0))), only(node.tick(71_000), Action.Restart.class));
    }

    @Test
    public void aRestartedNodeAppliesItsStoredDeploymentAndDiscardsJarsNothingNames() {
        Configuration stored = config(2, SHA_A, 10);
        Node node = node(List.of(stored), Set.of(SHA_A, SHA_B));
        List<Action> start = node.start(0);
        assertEquals(stored, only(start, Action.Apply.class).get(0).config());
        assertEquals(Set.of(SHA_B), only(start, Action.Discard.class).get(0).jars());
        assertTrue("numbers made after a restart are above the stored ones",
                node.current().deployment().compareTo(new DeploymentNumber(2, 0, "peer")) == 0
                        && only(node.change(1, 1, deploy("n", SHA_B)), Action.Persist.class).get(0)
                                .history().get(0).deployment().isAfter(stored.deployment()));
    }

    @Test
    public void aFailedHintIsDroppedButARendezvousNeverIs() {
        Node node = node(List.of(), Set.of());
        node.receive(0, from("peer:1", Configuration.EMPTY));
        assertTrue(node.peers().containsKey("peer:1"));
        node.exchangeFailed(0, "peer:1");
        node.exchangeFailed(0, "r:1");
        assertEquals(List.of("r:1"), List.copyOf(node.peers().keySet()));
    }

    @Test
    public void hintsAreBoundedAndTheMostRecentAreKept() {
        Node node = new Node("me:1", "me", List.of("r:1"), new GossipSettings(10_000, 250, 3, 3, 6), Limits.defaults(),
                new Random(1), TRUST, KEY, List.of(), Set.of(), List.of(), CoreImage.UNMANAGED, 0);
        for (int i = 0; i < 10; i++) {
            node.receive(i, from("p:" + i, Configuration.EMPTY));
        }
        assertEquals(List.of("r:1", "p:7", "p:8", "p:9"), List.copyOf(node.peers().keySet()));
    }

    @Test
    public void rendezvousAloneIsEnoughToStartAndRoundsSlowDownWhenQuiet() {
        Node node = node(List.of(), Set.of());
        node.start(0);
        assertTrue(node.tick(0).isEmpty());
        assertTrue("a starting node looks around soon", node.nextWakeup() < 1_000);
        List<Action> round = node.tick(node.nextWakeup());
        assertEquals("r:1", only(round, Action.Send.class).get(0).peer());
        long at = node.nextWakeup();
        for (int i = 0; i < 10; i++) {
            at = node.nextWakeup();
            node.tick(at);
        }
        assertTrue("rounds slow down to the quiet interval", node.nextWakeup() - at >= 5_000);
    }

    @Test
    public void peersStillBehindDoNotHoldTheRoundsAfterNewsAtTheShortestInterval() {
        Node node = node(List.of(), Set.of());
        node.start(0);
        node.receive(0, from("teller:1", config(5, SHA_A, 10)));
        node.jarFetched(10, SHA_A, "teller:1");
        int rounds = 0;
        for (long now = 50; now <= 30_000; now += 50) {
            if (now % 100 == 0) { // a rollout in progress: peers not yet caught up keep writing
                node.receive(now, from("slow" + (now / 100 % 40) + ":1", config(1, SHA_B, 10)));
            }
            if (!only(node.tick(now), Action.Send.class).isEmpty()) {
                rounds++;
            }
        }
        // The rounds after news double from 250 ms to the 10 s interval (about 16 s), then one
        // behind peer heard while settled starts that once more: two such runs fit in 30 s.
        assertTrue("rounds in 30 s: " + rounds, rounds >= 6 && rounds <= 16);
    }

    @Test
    public void aPeerBehindHeardWhenAllSeemedSettledMakesTheNodeLookAroundSooner() {
        Node node = node(List.of(config(5, SHA_A, 10)), Set.of(SHA_A));
        node.start(0);
        for (long now = 0; now <= 60_000; now += 100) {
            node.tick(now);
        }
        node.receive(60_000, from("late:1", config(1, SHA_B, 10)));
        assertTrue("next round at " + node.nextWakeup(), node.nextWakeup() <= 60_000 + DEFAULTS.minIntervalMs() * 3 / 2);
    }

    @Test
    public void aPeerWhoseModuleTrafficShowsItBehindIsToldAtOnceAndOnceAnIntervalAtMost() {
        Node node = node(List.of(config(2, SHA_A, 10)), Set.of(SHA_A));
        node.start(0);
        DeploymentNumber older = new DeploymentNumber(1, 0, "x");
        List<Action.Send> told = only(node.moduleContact(100, "p:1", older, true), Action.Send.class);
        assertEquals(List.of("p:1"), told.stream().map(Action.Send::peer).toList());
        assertTrue("it is behind: the whole configuration", told.get(0).message().config() != null);
        assertTrue("not again within the interval", only(node.moduleContact(200, "p:1", older, true),
                Action.Send.class).isEmpty());
        assertEquals(1, only(node.moduleContact(100 + DEFAULTS.intervalMs(), "p:1", older, true), Action.Send.class)
                .size());
        assertTrue("a peer on our deployment is not told", only(node.moduleContact(300, "p:2",
                node.current().deployment(), true), Action.Send.class).isEmpty());
    }

    @Test
    public void aPeerRunningANewerModuleVersionIsAskedForItsConfigurationAtOnce() {
        Node node = node(List.of(config(2, SHA_A, 10)), Set.of(SHA_A));
        node.start(0);
        List<Action.Send> asked = only(node.moduleContact(1, "p:1", new DeploymentNumber(9, 0, "x"), false),
                Action.Send.class);
        assertEquals("p:1", asked.get(0).peer());
        assertTrue("a peer on our own number is not asked",
                node.moduleContact(2, "p:2", new DeploymentNumber(2, 0, "peer"), true).isEmpty());
    }

    /** Past the short rounds after the start, and past the minute in which the roster grew. */
    private static long settled(Node node, Configuration on) {
        node.moduleContact(0, "p:1", on.deployment(), true);
        node.moduleContact(0, "p:2", on.deployment(), true);
        long at = 0;
        while (at < Roster.GROWING_MS + DEFAULTS.intervalMs()) {
            at = node.nextWakeup();
            node.tick(at);
        }
        return at;
    }

    @Test
    public void roundsAreSkippedWhileModuleGossipShowsPeersAgreeAndRunWhenANumberDiffersOrAnExchangeFails() {
        Configuration on = config(2, SHA_A, 10);
        Node node = node(List.of(on), Set.of(SHA_A));
        node.start(0);
        long at = settled(node, on);
        int sent = 0;
        for (int round = 0; round < 5; round++) {
            node.moduleContact(at + 1, "p:1", on.deployment(), true);
            at = node.nextWakeup();
            sent += only(node.tick(at), Action.Send.class).size();
        }
        assertEquals("a peer agreeing each round: the core says nothing", 0, sent);
        node.moduleContact(at + 1, "p:1", on.deployment(), true);
        node.moduleContact(at + 2, "p:2", new DeploymentNumber(1, 0, "old"), true);
        at = node.nextWakeup();
        assertEquals("a peer on another number: the round runs", 1, only(node.tick(at), Action.Send.class).size());
        at = node.nextWakeup();
        assertEquals("no module gossip: the round runs", 1, only(node.tick(at), Action.Send.class).size());
        node.moduleContact(at + 1, "p:1", on.deployment(), true);
        node.moduleUnreachable(at + 2, "p:2");
        at = node.nextWakeup();
        assertEquals("an exchange that got no answer: the round runs", 1, only(node.tick(at), Action.Send.class)
                .size());
        node.moduleContact(at + 1, "p:1", on.deployment(), true);
        node.moduleContact(at + 2, "new:1", on.deployment(), true);
        at = node.nextWakeup();
        assertEquals("a roster that grew: the round runs", 1, only(node.tick(at), Action.Send.class).size());
    }

    @Test
    public void aQuietCoreAsksTheMemberHeardOfLongestAgoAtTheOneRoundInThirtyItMayNotSkipAndNoneIsShownFailed() {
        Configuration on = config(2, SHA_A, 10);
        Node node = node(List.of(on), Set.of(SHA_A));
        node.start(0);
        node.receive(0, from("far:1", on)); // known only through the core
        long at = settled(node, on);
        List<String> asked = new ArrayList<>();
        int rounds = 0;
        while (rounds < 3 * (DEFAULTS.quietRounds() + 1)) {
            node.moduleContact(at + 1, "p:1", on.deployment(), true);
            node.moduleContact(at + 2, "p:2", on.deployment(), true);
            at = node.nextWakeup();
            List<Action.Send> sent = only(node.tick(at), Action.Send.class);
            rounds++;
            sent.forEach(send -> asked.add(send.peer()));
            if (sent.stream().anyMatch(send -> send.peer().equals("far:1"))) {
                node.replied(at + 5, from("far:1", on));
            }
        }
        assertEquals("one round in " + (DEFAULTS.quietRounds() + 1) + " runs, and asks the member heard of longest"
                + " ago", List.of("far:1", "far:1", "far:1"), asked);
        long end = at;
        assertTrue("no member is shown failed", node.roster().stream().noneMatch(m ->
                !Roster.state(m, end, 60_000, 300_000).equals("alive")));
    }

    @Test
    public void aPeerThatKnowsTheSameMembersIsSentNoJoinsAndOneThatKnowsOthersIsSentMembersAtRandom() {
        Configuration on = config(2, SHA_A, 10);
        Node node = node(List.of(on), Set.of(SHA_A));
        node.start(0);
        node.moduleContact(1_000, "p:1", on.deployment(), true);
        node.moduleContact(1_000, "p:2", on.deployment(), true);
        Relay relay = node.relay(1_000);
        Relay.RosterNews request = relay.to(null, 1_000);
        assertEquals("a request carries our digest while joins are told", Long.valueOf(relay.members()),
                request.members());
        assertTrue("and the joins", request.rumours().stream().anyMatch(e -> e.address().equals("p:1")));
        assertEquals("a peer that knows every member gets no joins", List.of(), relay.to(relay.members(), 1_000)
                .rumours());
        Relay.RosterNews toOther = relay.to(relay.members() + 1, 1_000);
        assertEquals("a peer that knows others gets our digest", Long.valueOf(relay.members()), toOther.members());
        assertTrue("and members", toOther.rumours().size() >= 2);
        for (int i = 0; i < 20; i++) {
            node.moduleContact(2_000 + i, "p:1", on.deployment(), true, new Relay.RosterNews(relay.members(), List.of()));
        }
        assertTrue("joins told to peers that knew them are told enough", node.relay(3_000).rumours().isEmpty());
        node.moduleContact(4_000, "p:2", on.deployment(), true, new Relay.RosterNews(relay.members() + 1, List.of()));
        assertTrue("a peer that knew others makes requests carry members", node.relay(4_000).differing()
                && !node.relay(4_000).to(null, 4_000).rumours().isEmpty());
        assertFalse("for a while", node.relay(4_000 + 3 * DEFAULTS.intervalMs()).differing());
    }

    @Test
    public void aPeerWhoseExchangeGotNoAnswerIsShownSuspectOnceSilentForTheTimeToSuspectAndAliveOnceHeardAgain() {
        Configuration on = config(2, SHA_A, 10);
        Node node = node(List.of(on), Set.of(SHA_A));
        node.start(0);
        node.moduleContact(1_000, "p:1", on.deployment(), true);
        node.exchangeFailed(2_000, "p:1", false);
        assertEquals("a refusal is an answer", "alive", state(node, "p:1", 200_000));
        node.moduleUnreachable(2_000, "p:1");
        assertEquals("not yet silent long enough", "alive", state(node, "p:1", 60_999));
        assertEquals("suspect", state(node, "p:1", 61_000));
        assertEquals("down", state(node, "p:1", 301_000));
        node.moduleContact(302_000, "p:1", on.deployment(), true);
        assertEquals("heard again", "alive", state(node, "p:1", 400_000));
        assertTrue("and that is news a module message carries", node.relay(400_000).rumours().stream()
                .anyMatch(e -> e.address().equals("p:1") && !e.failed()));
    }

    @Test
    public void aModuleTimeOutMakesTheCoreAskThePeerItselfAndTwoOfItsQuestionsUnansweredFailIt() {
        Configuration on = config(2, SHA_A, 10);
        Node node = node(List.of(on), Set.of(SHA_A));
        node.start(0);
        node.moduleContact(1_000, "slow:1", on.deployment(), true);
        node.moduleContact(1_000, "gone:1", on.deployment(), true);

        List<Action.Send> asked = only(node.moduleTimedOut(2_000, "slow:1"), Action.Send.class);
        assertEquals("the core asks the peer itself", List.of("slow:1"), asked.stream().map(Action.Send::peer)
                .toList());
        GossipMessage question = asked.get(0).message();
        assertTrue("a probe, lean", question.probe() && question.hints().isEmpty() && question.roster().isEmpty());
        assertTrue("asked once a window", only(node.moduleTimedOut(2_500, "slow:1"), Action.Send.class).isEmpty());
        node.replied(3_000, new GossipMessage("slow:1", on.deployment(), GossipMessage.digest(on), null, 1,
                List.of(), List.of(), List.of()));
        assertEquals("it answered: alive", "alive", state(node, "slow:1", 200_000));
        assertEquals("one unanswered: asked again", 1,
                only(node.exchangeFailed(4_000, "slow:1", true), Action.Send.class).size());
        node.replied(5_000, new GossipMessage("slow:1", on.deployment(), GossipMessage.digest(on), null, 1,
                List.of(), List.of(), List.of()));
        assertEquals("an answer between two unanswered: not in a row", 1,
                only(node.exchangeFailed(6_000, "slow:1", true), Action.Send.class).size());
        assertEquals("alive", state(node, "slow:1", 200_000));

        assertEquals(1, only(node.moduleTimedOut(2_000, "gone:1"), Action.Send.class).size());
        assertEquals("one unanswered question: asked again", 1,
                only(node.exchangeFailed(7_000, "gone:1", true), Action.Send.class).size());
        assertEquals("a time-out and one question fail no one", "alive", state(node, "gone:1", 200_000));
        assertTrue(only(node.exchangeFailed(12_000, "gone:1", true), Action.Send.class).isEmpty());
        assertEquals("two unanswered: failed", "suspect", state(node, "gone:1", 72_000));
        assertFalse("the live one was never a failure rumour", node.relay(13_000).to(null, 13_000).rumours()
                .stream().anyMatch(e -> e.address().equals("slow:1") && e.failed()));
    }

    @Test
    public void aNodeThatTimesOutWithTooManyPeersInAWindowDoubtsItselfAndFailsNoneOfTheRest() {
        Configuration on = config(2, SHA_A, 10);
        Node node = node(List.of(on), Set.of(SHA_A));
        node.start(0);
        for (int i = 0; i <= Probes.PER_WINDOW; i++) {
            node.moduleContact(1_000, "p:" + i, on.deployment(), true);
        }
        for (int i = 0; i < Probes.PER_WINDOW; i++) {
            assertEquals(1, only(node.moduleTimedOut(2_000, "p:" + i), Action.Send.class).size());
        }
        String last = "p:" + Probes.PER_WINDOW;
        assertTrue("no more questions", only(node.moduleTimedOut(2_000, last), Action.Send.class).isEmpty());
        assertTrue(only(node.exchangeFailed(2_100, last, true), Action.Send.class).isEmpty());
        assertEquals("nor failures", "alive", state(node, last, 200_000));
        assertEquals("a window later the core asks again", 1, only(node.moduleTimedOut(2_000
                + 6 * DEFAULTS.intervalMs(), last), Action.Send.class).size());
    }

    @Test
    public void aProbeIsAnsweredWithoutHintsOrRosterSoThatNoRumourIsSpentOnIt() {
        Configuration on = config(2, SHA_A, 10);
        Node node = node(List.of(on), Set.of(SHA_A));
        node.start(0);
        node.moduleContact(1_000, "p:1", on.deployment(), true);
        Node.Reply answer = node.receive(2_000, new GossipMessage("asks:1", on.deployment(), GossipMessage.digest(on),
                null, 1, List.of(), List.of(), List.of(), null, true));
        assertTrue(answer.message().hints().isEmpty() && answer.message().roster().isEmpty());
        assertTrue("the join of p:1 is still to tell", node.relay(2_000).rumours().stream()
                .anyMatch(e -> e.address().equals("p:1")));
        Node.Reply behind = node.receive(3_000, new GossipMessage("asks:2", null, null, null, 1, List.of(), List.of(),
                List.of(), null, true));
        assertEquals("a prober behind gets the configuration", on, behind.message().config());
    }

    private static String state(Node node, String address, long now) {
        return node.roster().stream().filter(m -> m.address().equals(address)).findFirst()
                .map(m -> Roster.state(m, now, 60_000, 300_000)).orElse("unknown");
    }

    @Test
    public void aPeerKnownOnTheSameDeploymentGetsTheDigestAndOneBehindTheWholeConfiguration() {
        Configuration on = config(2, SHA_A, 10);
        Node node = node(List.of(on), Set.of(SHA_A));
        node.start(0);
        node.receive(0, from("same:1", on));
        node.receive(0, new GossipMessage("old:1", config(1, SHA_B, 10), 1, List.of(), List.of()));
        Node.Reply toSame = node.receive(1, new GossipMessage("same:1", on.deployment(), GossipMessage.digest(on), null,
                1, List.of(), List.of(), List.of()));
        assertNull("a peer on our deployment gets the digest only", toSame.message().config());
        assertEquals(GossipMessage.digest(on), toSame.message().digest());
        Node.Reply toOld = node.receive(2, new GossipMessage("old:1", config(1, SHA_B, 10), 1, List.of(), List.of()));
        assertEquals(on, toOld.message().config());
    }

    @Test
    public void aNodeThatHearsOnlyANewerNumberAsksForTheConfigurationAndTheAnswerCarriesIt() {
        Configuration old = config(1, SHA_A, 10);
        Configuration newer = config(5, SHA_B, 10);
        Node behind = node(List.of(old), Set.of(SHA_A));
        behind.start(0);
        List<Action.Send> asked = only(behind.receive(0, new GossipMessage("ahead:1", newer.deployment(),
                GossipMessage.digest(newer), null, 1, List.of(), List.of(), List.of())).actions(), Action.Send.class);
        assertEquals("ahead:1", asked.get(0).peer());
        Node ahead = new Node("ahead:1", "ahead", List.of(), DEFAULTS, LIMITS, new Random(2), TRUST, KEY, List.of(newer),
                Set.of(SHA_B), List.of(), CoreImage.UNMANAGED, 0);
        Node.Reply answer = ahead.receive(1, asked.get(0).message());
        assertEquals(newer, answer.message().config());
        assertEquals(1, only(behind.replied(2, answer.message()), Action.Fetch.class).size());
    }

    @Test
    public void aJarLostFromTheStoreIsFetchedAgainFromAPeerThatRunsItsDeploymentAndAppliedAgain() {
        Configuration running = config(5, SHA_A, 10);
        Node node = node(List.of(running), Set.of(SHA_A));
        Action.Apply first = only(node.start(0), Action.Apply.class).get(0);
        node.applied(1, first.config());
        List<Action> lost = node.jarLost(2, SHA_A);
        assertTrue("no peer is known to run it yet", only(lost, Action.Fetch.class).isEmpty());
        assertTrue(only(lost, Action.Log.class).stream().anyMatch(l -> l.type().equals("bundle-damaged")));
        List<Action.Fetch> fetch = only(node.receive(3, from("p:1", running)).actions(), Action.Fetch.class);
        assertEquals("the peer on the same deployment is asked", "p:1", fetch.get(0).source());
        List<Action> back = node.jarFetched(4, SHA_A, "p:1");
        assertEquals("the same deployment is applied again", running, only(back, Action.Apply.class).get(0).config());
        assertEquals("nothing is adopted twice", 1, node.history().size());
    }

    @Test
    public void aRepairThatFindsNoSourceIsTriedAgainAfterAnInterval() {
        Configuration running = config(5, SHA_A, 10);
        Node node = node(List.of(running), Set.of(SHA_A));
        node.applied(1, only(node.start(0), Action.Apply.class).get(0).config());
        node.receive(1, from("p:1", running));
        node.jarLost(2, SHA_A);
        List<Action> gaveUp = List.of();
        for (int i = 0; i < 2; i++) {
            gaveUp = node.fetchFailed(3 + i, SHA_A, "p:1", "HTTP 404", false);
        }
        assertTrue(only(gaveUp, Action.Log.class).stream().anyMatch(l -> l.type().equals("catch-up-failed")));
        assertTrue("not at once", only(node.tick(10), Action.Fetch.class).isEmpty());
        assertEquals("after an interval", 1, only(node.tick(5 + DEFAULTS.intervalMs()), Action.Fetch.class).size());
    }

    @Test
    public void aChangeIsRefusedWhileMostLivePeersRunADeploymentAheadOfThisClock() {
        long aDayLater = 86_400_000L;
        Node node = node(List.of(config(5, SHA_A, 10)), Set.of(SHA_A, SHA_B));
        node.start(0);
        Configuration ahead = config(aDayLater, SHA_B, 10);
        node.receive(1, from("p:1", ahead));
        List<Action> refused = node.receive(1, from("p:2", ahead)).actions();
        assertEquals("too-far-ahead", only(refused, Action.Refused.class).get(0).code());
        node.receive(1, from("p:3", config(5, SHA_A, 10)));
        node.receive(1, from("p:4", config(2 * aDayLater, SHA_B, 10)));
        Action.Answer answer = only(node.change(2, 7, deploy("n", SHA_B)), Action.Answer.class).get(0);
        assertEquals(409, answer.status());
        assertTrue(answer.reason(), answer.reason().contains("clock is behind") && answer.reason().contains("3 of 4"));
        assertEquals("once the clock is right the same deployment is learned", 1,
                only(node.receive(aDayLater, from("p:1", ahead)).actions(), Action.Fetch.class).size());
    }

    @Test
    public void oneLonePeerAheadOfThisClockDoesNotStopChangesHere() {
        Node node = node(List.of(config(5, SHA_A, 10)), Set.of(SHA_A, SHA_B));
        node.start(0);
        node.receive(1, from("p:1", config(86_400_000L, SHA_B, 10)));
        node.receive(1, from("p:2", config(5, SHA_A, 10)));
        node.receive(1, from("p:3", config(5, SHA_A, 10)));
        assertTrue(only(node.change(2, 7, deploy("n", SHA_B)), Action.Answer.class).stream().noneMatch(a -> a.status() == 409));
    }

    @Test
    public void aCoreItsLauncherRevertedIsToldToPeersWhoseRosterShowsIt() {
        DeploymentNumber number = new DeploymentNumber(5, 0, "peer");
        Configuration unsigned = new Configuration(number, List.of(new ModuleEntry(ModuleEntry.CORE, SHA_B, 10, "2.0.0",
                number))).terms(1, 86_400_000);
        Configuration withCore = unsigned.signedBy(KEY.sign(unsigned));
        Node reverting = new Node("me:1", "me", List.of("r:1"), DEFAULTS, LIMITS, new Random(1), TRUST, KEY,
                List.of(withCore), Set.of(SHA_B), List.of(), new CoreImage(SHA_A, Set.of(SHA_B)), 0);
        reverting.start(0);
        Node.Reply reply = reverting.receive(1, from("p:1", withCore));
        assertEquals(SHA_B, reply.message().coreReverted());
        Node peer = new Node("peer:9", "peer", List.of("r:1"), DEFAULTS, LIMITS, new Random(1), TRUST, KEY,
                List.of(withCore), Set.of(SHA_B), List.of(), CoreImage.UNMANAGED, 0);
        peer.start(0);
        peer.replied(2, reply.message());
        assertEquals(SHA_B, peer.roster().stream().filter(m -> m.address().equals("me:1")).findFirst().orElseThrow()
                .coreReverted());
        assertNull("a node that runs the core it names says nothing", peer.receive(3, from("p:2", withCore)).message()
                .coreReverted());
    }
}
