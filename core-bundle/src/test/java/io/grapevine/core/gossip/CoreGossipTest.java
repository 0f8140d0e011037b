package io.grapevine.core.gossip;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class CoreGossipTest {
    private static final GossipSettings DEFAULTS = GossipSettings.defaults();
    private static final GossipSettings NO_PUSH = new GossipSettings(10_000, 10_000, 24, 0, 6);

    @Test
    public void aDeploymentReachesAHundredNodesInSecondsWithPushOnNews() {
        VirtualCluster cluster = new VirtualCluster(100, 10, DEFAULTS, 1, 0.0, 200);
        cluster.runFor(60_000); // hints spread by the backup path before the deployment
        Configuration config = cluster.deployAt(0, 1_000_000);
        long took = cluster.runUntilAllHold(config.deployment(), 120_000);
        assertTrue("converged in " + took + " ms", took >= 0 && took < 10_000);
    }

    @Test
    public void theBackupPathAloneStillConvergesInRoundsOfTheInterval() {
        VirtualCluster cluster = new VirtualCluster(100, 10, NO_PUSH, 2, 0.0, 200);
        cluster.runFor(60_000);
        Configuration config = cluster.deployAt(0, 1_000_000);
        long took = cluster.runUntilAllHold(config.deployment(), 600_000);
        assertTrue("converged in " + took + " ms", took > 5_000 && took < 200_000);
    }

    @Test
    public void convergesDespiteTwentyPercentMessageLossAndDeadPeers() {
        VirtualCluster cluster = new VirtualCluster(50, 3, DEFAULTS, 3, 0.2, 200);
        cluster.runFor(60_000);
        for (int i = 40; i < 50; i++) {
            cluster.kill(i);
        }
        cluster.kill(2); // a dead rendezvous node too
        Configuration config = cluster.deployAt(5, 1_000_000);
        assertTrue(cluster.runUntilAllHold(config.deployment(), 600_000) >= 0);
    }

    @Test
    public void theSameSeedGivesTheSameRun() {
        long[] times = new long[2];
        for (int run = 0; run < 2; run++) {
            VirtualCluster cluster = new VirtualCluster(30, 2, DEFAULTS, 9, 0.1, 100);
            cluster.runFor(30_000);
            Configuration config = cluster.deployAt(1, 1_000_000);
            times[run] = cluster.runUntilAllHold(config.deployment(), 600_000) * 1_000_000 + cluster.messages;
        }
        assertEquals(times[0], times[1]);
    }

    @Test
    public void theNewestDeploymentWinsWhenTwoAreMadeAtOnce() {
        VirtualCluster cluster = new VirtualCluster(20, 2, DEFAULTS, 4, 0.0, 100);
        cluster.runFor(30_000);
        cluster.deployAt(3, 1_000_000);
        Configuration newer = cluster.deployAt(7, 1_000_001);
        assertTrue(cluster.runUntilAllHold(newer.deployment(), 120_000) >= 0);
    }

    @Test
    public void anOlderConfigurationIsNeverLearned() {
        DeploymentNumber d1 = new DeploymentNumber(1, 0, "a");
        DeploymentNumber d2 = new DeploymentNumber(2, 0, "a");
        Configuration older = new Configuration(d1, List.of(), List.of());
        Configuration newer = new Configuration(d2, List.of(), List.of());
        CoreGossip gossip = new CoreGossip("me:1", List.of("r:1"), DEFAULTS, new Random(1), newer, 0);
        CoreGossip.Reply reply = gossip.receive(0, new GossipMessage("peer:1", older, List.of()));
        assertTrue(reply.actions().isEmpty());
        assertEquals(newer, reply.message().config());
        List<CoreGossip.Action> learned = gossip.replied(0, new GossipMessage("peer:2",
                new Configuration(new DeploymentNumber(3, 0, "b"), List.of(), List.of()), List.of()));
        assertEquals(1, learned.size());
        assertTrue(gossip.replied(0, new GossipMessage("peer:3",
                new Configuration(new DeploymentNumber(3, 0, "b"), List.of(), List.of()), List.of())).isEmpty());
    }

    @Test
    public void aFailedHintIsDroppedButARendezvousNeverIs() {
        CoreGossip gossip = new CoreGossip("me:1", List.of("r:1"), DEFAULTS, new Random(1), Configuration.EMPTY, 0);
        gossip.receive(0, new GossipMessage("peer:1", Configuration.EMPTY, List.of()));
        assertTrue(gossip.peers().containsKey("peer:1"));
        gossip.failed("peer:1");
        gossip.failed("r:1");
        assertEquals(List.of("r:1"), List.copyOf(gossip.peers().keySet()));
    }

    @Test
    public void hintsAreBoundedAndTheMostRecentAreKept() {
        CoreGossip gossip = new CoreGossip("me:1", List.of("r:1"), new GossipSettings(10_000, 250, 3, 3, 6),
                new Random(1), Configuration.EMPTY, 0);
        for (int i = 0; i < 10; i++) {
            gossip.receive(i, new GossipMessage("p:" + i, Configuration.EMPTY, List.of()));
        }
        assertEquals(List.of("r:1", "p:7", "p:8", "p:9"), List.copyOf(gossip.peers().keySet()));
    }

    @Test
    public void rendezvousAloneIsEnoughToStart() {
        CoreGossip gossip = new CoreGossip("me:1", List.of("r:1"), DEFAULTS, new Random(1), Configuration.EMPTY, 0);
        assertTrue(gossip.tick(0).isEmpty());
        List<CoreGossip.Action> round = gossip.tick(gossip.nextWakeup());
        assertEquals(1, round.size());
        assertEquals("r:1", ((CoreGossip.Exchange) round.get(0)).peer());
        assertTrue(gossip.tick(0).isEmpty());
        assertTrue("a starting node looks around soon", gossip.nextWakeup() < 1_000);
        long at = gossip.nextWakeup();
        for (int i = 0; i < 10; i++) {
            at = gossip.nextWakeup();
            gossip.tick(at);
        }
        assertTrue("rounds slow down to the quiet interval", gossip.nextWakeup() - at >= 5_000);
    }
}
