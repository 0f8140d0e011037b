package io.grapevine.core.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.sim.SimulatedCluster;
import io.grapevine.core.sim.SimulatedCluster.Model;
import org.junit.Test;

/**
 * Many production {@link Node}s on a virtual clock, with the catch-up, fetch and apply of the real
 * driver modelled: what a rollout does when peers die, lie, stall, lose messages or deploy at once.
 */
public class ClusterSimulationTest {
    private static final GossipSettings DEFAULTS = GossipSettings.defaults();
    private static final GossipSettings NO_PUSH = new GossipSettings(10_000, 10_000, 24, 0, 6);
    private static final Limits LIMITS = Limits.defaults();

    private static SimulatedCluster cluster(int n, int rendezvous, GossipSettings settings, Model model, long seed) {
        SimulatedCluster cluster = new SimulatedCluster(n, rendezvous, settings, LIMITS, model, seed);
        cluster.runFor(60_000); // hints spread by the backup path before the deployment
        return cluster;
    }

    private static DeploymentNumber deploy(SimulatedCluster cluster, int at, String version) {
        Jar jar = cluster.upload(at, "m", version, 50_000);
        cluster.deploy(at, jar);
        return cluster.node(at).current().deployment();
    }

    @Test
    public void aDeploymentReachesAHundredNodesInSecondsWithPushOnNews() {
        SimulatedCluster cluster = cluster(100, 10, DEFAULTS, Model.lan(), 1);
        long took = cluster.runUntilAllOn(deploy(cluster, 0, "1"), 120_000);
        assertTrue("converged in " + took + " ms", took >= 0 && took < 10_000);
        assertEquals("every node fetched the jar exactly once", 99, cluster.fetches());
    }

    @Test
    public void theBackupPathAloneStillConvergesInRoundsOfTheInterval() {
        SimulatedCluster cluster = cluster(100, 10, NO_PUSH, Model.lan(), 2);
        long took = cluster.runUntilAllOn(deploy(cluster, 0, "1"), 600_000);
        assertTrue("converged in " + took + " ms", took > 5_000 && took < 200_000);
    }

    @Test
    public void convergesDespiteTwentyPercentMessageLossAndDeadPeers() {
        SimulatedCluster cluster = cluster(50, 3, DEFAULTS, Model.lan().withLoss(0.2), 3);
        for (int i = 40; i < 50; i++) {
            cluster.kill(i);
        }
        cluster.kill(2); // a dead rendezvous node too
        assertTrue(cluster.runUntilAllOn(deploy(cluster, 5, "1"), 600_000) >= 0);
    }

    @Test
    public void onePercentLossDelaysNoNodeBeyondAFewRounds() {
        SimulatedCluster cluster = cluster(100, 10, DEFAULTS, Model.lan().withLoss(0.01), 11);
        long took = cluster.runUntilAllOn(deploy(cluster, 3, "1"), 600_000);
        assertTrue("converged in " + took + " ms", took >= 0 && took < 30_000);
    }

    @Test
    public void theSameSeedGivesTheSameRun() {
        long[] outcome = new long[2];
        for (int run = 0; run < 2; run++) {
            SimulatedCluster cluster = cluster(30, 2, DEFAULTS, Model.lan().withLoss(0.1), 9);
            outcome[run] = cluster.runUntilAllOn(deploy(cluster, 1, "1"), 600_000) * 1_000_000 + cluster.messages();
        }
        assertEquals(outcome[0], outcome[1]);
    }

    @Test
    public void theNewestDeploymentWinsWhenTwoAreMadeAtOnceAtTwoNodes() {
        SimulatedCluster cluster = cluster(20, 2, DEFAULTS, Model.lan(), 4);
        DeploymentNumber first = deploy(cluster, 3, "1");
        DeploymentNumber second = deploy(cluster, 7, "2");
        DeploymentNumber newer = first.isAfter(second) ? first : second;
        assertTrue(cluster.runUntilAllOn(newer, 120_000) >= 0);
        for (int i = 0; i < cluster.size(); i++) {
            assertEquals(newer, cluster.node(i).current().deployment());
        }
        assertTrue("both nodes answered their operator", cluster.answer(1) != null && cluster.answer(2) != null);
    }

    @Test
    public void aSilentJarSourceDelaysTheRolloutByOneFetchDeadline() {
        SimulatedCluster cluster = cluster(20, 2, DEFAULTS, Model.lan(), 5);
        DeploymentNumber d1 = deploy(cluster, 0, "1");
        cluster.runUntilAllOn(d1, 60_000);
        DeploymentNumber d2 = deploy(cluster, 0, "2");
        long start = cluster.now();
        while (java.util.Arrays.stream(cluster.adoptedAt(d2)).filter(t -> t >= 0).count() < 3) {
            cluster.runFor(1);
        }
        cluster.silence(0); // those it told next fetch from it and hear nothing
        cluster.lie(1);
        long took = cluster.runUntilAllOn(d2, 120_000) < 0 ? -1 : cluster.now() - start;
        assertTrue("converged in " + took + " ms", took >= 0 && took < LIMITS.fetchBaseMs() * 3);
    }

    @Test
    public void aLyingJarSourceIsSkipped() {
        SimulatedCluster cluster = cluster(10, 2, DEFAULTS, Model.lan(), 6);
        cluster.lie(4);
        cluster.lie(5);
        assertTrue(cluster.runUntilAllOn(deploy(cluster, 0, "1"), 120_000) >= 0);
    }

    @Test
    public void aRollbackDuringARolloutWinsEverywhere() {
        SimulatedCluster cluster = cluster(50, 5, DEFAULTS, Model.lan(), 7);
        DeploymentNumber d1 = deploy(cluster, 0, "1");
        assertTrue(cluster.runUntilAllOn(d1, 60_000) >= 0);
        DeploymentNumber d2 = deploy(cluster, 0, "2");
        cluster.runFor(30); // the rollout of d2 is under way
        long request = cluster.rollback(9, d1);
        assertTrue(cluster.runUntilAllOn(d2, 60_000) >= 0);
        Configuration rolled = cluster.node(9).current();
        assertTrue(rolled.deployment().isAfter(d2));
        assertTrue(cluster.runUntilAllOn(rolled.deployment(), 60_000) >= 0);
        for (int i = 0; i < cluster.size(); i++) {
            assertEquals(cluster.node(0).history().get(2).modules(), cluster.node(i).current().modules());
        }
        assertEquals(201, cluster.answer(request).status());
    }

    @Test
    public void aRestartedNodeComesBackOnItsStoredDeploymentAndCatchesUpWithinASecond() {
        SimulatedCluster cluster = cluster(20, 2, DEFAULTS, Model.lan(), 8);
        DeploymentNumber d1 = deploy(cluster, 0, "1");
        cluster.runUntilAllOn(d1, 60_000);
        cluster.kill(12);
        DeploymentNumber d2 = deploy(cluster, 0, "2");
        assertTrue(cluster.runUntilAllOn(d2, 60_000) >= 0);
        cluster.restart(12);
        assertEquals("restored from its disk, before any message", d1, cluster.node(12).current().deployment());
        assertTrue(cluster.runUntilAllOn(d2, 5_000) >= 0);
    }

    @Test
    public void aHangingApplyDelaysNobodyElse() {
        SimulatedCluster cluster = cluster(30, 3, DEFAULTS,
                new Model(1, 20, 0.0, 5_000, 10, 100_000_000L, 20_000, 0), 10);
        DeploymentNumber d = deploy(cluster, 0, "1");
        cluster.runFor(3_000);
        long[] adopted = cluster.adoptedAt(d);
        for (int i = 0; i < cluster.size(); i++) {
            assertTrue("node " + i + " adopted and forwarded while every apply takes 20 s", adopted[i] >= 0);
        }
    }

    @Test
    public void everyNodesRosterKnowsEveryNodeAndWhoIsSilentAndWhoLeft() {
        SimulatedCluster cluster = cluster(30, 3, DEFAULTS, Model.lan(), 12);
        cluster.kill(7);
        cluster.stop(8);
        cluster.runFor(400_000);
        for (int i = 0; i < cluster.size(); i++) {
            if (!cluster.alive(i)) {
                continue;
            }
            java.util.Map<String, Roster.Member> members = new java.util.HashMap<>();
            cluster.node(i).roster().forEach(m -> members.put(m.address(), m));
            assertEquals("node " + i + " knows all the others", 29, members.size());
            long now = cluster.now();
            assertEquals("down", Roster.state(members.get(SimulatedCluster.address(7)), now, 60_000, 300_000));
            assertEquals("left", Roster.state(members.get(SimulatedCluster.address(8)), now, 60_000, 300_000));
            assertEquals("alive", Roster.state(members.get(SimulatedCluster.address(i == 0 ? 1 : 0)), now, 60_000,
                    300_000));
        }
        cluster.restart(8);
        cluster.runFor(60_000);
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.alive(i) && i != 8) {
                Roster.Member back = cluster.node(i).roster().stream()
                        .filter(m -> m.address().equals(SimulatedCluster.address(8))).findFirst().orElseThrow();
                assertEquals("a node that left and came back is alive again", "alive",
                        Roster.state(back, cluster.now(), 60_000, 300_000));
            }
        }
    }
}
