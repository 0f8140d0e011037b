package io.grapevine.core.node;

import static org.junit.Assert.assertTrue;

import io.grapevine.core.sim.SimulatedCluster;
import io.grapevine.core.sim.SimulatedCluster.Model;
import org.junit.Test;

/**
 * How old the news is that each node holds of each live member, in a cluster whose modules do not
 * gossip (the roster's only news is what core messages relay): what keeps living nodes from
 * looking suspect to the operator's tools.
 */
public class RosterFreshnessTest {
    private static final long SUSPECT_MS = 60_000;

    @Test
    public void withoutModuleTrafficFewerThanThreeInAHundredOfTheNewsANodeHoldsOfALiveMemberIsOldEnoughToLookSuspect() {
        long pairs = 0;
        long stale = 0;
        for (long seed = 1; seed <= 10; seed++) {
            SimulatedCluster cluster = new SimulatedCluster(30, 3, GossipSettings.defaults(), Limits.defaults(),
                    Model.lan(), seed);
            cluster.runFor(60_000);
            cluster.kill(7);
            cluster.runFor(400_000);
            for (int i = 0; i < cluster.size(); i++) {
                if (!cluster.alive(i)) {
                    continue;
                }
                for (Roster.Member member : cluster.node(i).roster()) {
                    if (!member.address().equals(SimulatedCluster.address(7))) {
                        pairs++;
                        stale += cluster.now() - member.heardAt() >= SUSPECT_MS ? 1 : 0;
                    }
                }
            }
        }
        // Relaying random members whatever the age of our news of them: 318 of 8120; news of less
        // than half the suspect time first: 190.
        assertTrue(stale + " of " + pairs + " would show a live member as suspect", stale * 100 < pairs * 3);
    }
}
