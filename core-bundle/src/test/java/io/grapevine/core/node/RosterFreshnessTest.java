package io.grapevine.core.node;

import static org.junit.Assert.assertEquals;

import io.grapevine.core.sim.SimulatedCluster;
import io.grapevine.core.sim.SimulatedCluster.Model;
import org.junit.Test;

/**
 * What the rosters show of live and of dead members, with and without module traffic: the operator's
 * tools must show no live node as suspect, and every live node must come to show a dead one so.
 * Before liveness was told by failures, a quiet core left a quarter of a 100-node cluster's live
 * members looking suspect (bench {@code quiet-core}).
 */
public class RosterFreshnessTest {
    private static final long SUSPECT_MS = 60_000;
    private static final long DOWN_MS = 300_000;
    private static final int KILLED = 7;

    @Test
    public void withoutModuleTrafficNoLiveMemberIsShownFailedAndEveryNodeShowsTheDeadOneSo() {
        for (long seed = 1; seed <= 5; seed++) {
            check(new SimulatedCluster(30, 3, GossipSettings.defaults(), Limits.defaults(), Model.lan(), seed));
        }
    }

    @Test
    public void withAQuietCoreAtAHundredNodesNoLiveMemberIsShownFailedAndEveryNodeShowsTheDeadOneSo() {
        for (long seed = 1; seed <= 3; seed++) {
            SimulatedCluster cluster = new SimulatedCluster(100, 10, GossipSettings.defaults(), Limits.defaults(),
                    Model.lan(), seed);
            cluster.moduleGossip(5_000);
            check(cluster);
        }
    }

    private static void check(SimulatedCluster cluster) {
        cluster.runFor(120_000);
        cluster.kill(KILLED);
        cluster.runFor(DOWN_MS + 60_000);
        int liveShownFailed = 0;
        int sawDead = 0;
        int knewAll = 0;
        for (int i = 0; i < cluster.size(); i++) {
            if (!cluster.alive(i)) {
                continue;
            }
            int known = 0;
            for (Roster.Member member : cluster.node(i).roster()) {
                String state = Roster.state(member, cluster.now(), SUSPECT_MS, DOWN_MS);
                known++;
                if (member.address().equals(SimulatedCluster.address(KILLED))) {
                    sawDead += state.equals("down") ? 1 : 0;
                } else {
                    liveShownFailed += state.equals("alive") ? 0 : 1;
                }
            }
            knewAll += known == cluster.size() - 1 ? 1 : 0;
        }
        int live = cluster.size() - 1;
        assertEquals("live members shown suspect or down", 0, liveShownFailed);
        assertEquals("nodes that know every member", live, knewAll);
        assertEquals("nodes that show the dead node down", live, sawDead);
    }
}
