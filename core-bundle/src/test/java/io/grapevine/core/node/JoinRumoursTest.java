package io.grapevine.core.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.net.GossipCodec;
import io.grapevine.core.sim.SimulatedCluster;
import io.grapevine.core.sim.SimulatedCluster.Model;
import org.junit.Test;

/**
 * A young cluster's members spread by rumours on module messages, and those rumours stop once every
 * node knows every member: before the member digest they went on for λ log n tells of each member at
 * each node, seven minutes of a 100-node start-up, and were then the core's whole traffic (bench
 * {@code cluster}, 17 % of the bytes in the minute after convergence). What stays is a digest now
 * and then, which is how a member every rumour missed is still found.
 */
public class JoinRumoursTest {
    private static final long MODULE_EVERY_MS = 5_000;
    private static final int DIGEST_CHARS = GossipCodec.encodeRumours(new Relay.RosterNews(0L, java.util.List.of()),
            null).length();

    @Test
    public void onceEveryNodeKnowsEveryMemberModuleMessagesCarryOnlyADigestNowAndThen() {
        for (long seed = 1; seed <= 3; seed++) {
            SimulatedCluster cluster = new SimulatedCluster(100, 10, GossipSettings.defaults(), Limits.defaults(),
                    Model.lan(), seed);
            cluster.moduleGossip(MODULE_EVERY_MS);
            cluster.runFor(240_000);
            int knewAll = 0;
            for (int i = 0; i < cluster.size(); i++) {
                knewAll += cluster.node(i).roster().size() == cluster.size() - 1 ? 1 : 0;
            }
            assertEquals("seed " + seed + ": nodes that know every member", cluster.size(), knewAll);
            cluster.runFor(60_000);
            int telling = 0;
            for (int i = 0; i < cluster.size(); i++) {
                Relay relay = cluster.node(i).relay(cluster.now());
                telling += relay.rumours().isEmpty() && !relay.differing() ? 0 : 1;
            }
            assertEquals("seed " + seed + ": nodes with rumours still to tell a minute on", 0, telling);
            long before = cluster.rumourBytes();
            cluster.runFor(60_000);
            long digests = (cluster.rumourBytes() - before) / DIGEST_CHARS;
            assertEquals("seed " + seed + ": only digests in the next minute", 0, (cluster.rumourBytes() - before)
                    % DIGEST_CHARS);
            assertTrue("seed " + seed + ": " + digests + " digests in a minute, some", digests > 0);
            assertTrue("seed " + seed + ": " + digests + " digests in a minute, a few a node",
                    digests <= cluster.size() * 8L);
        }
    }

    @Test
    public void aNodeThatNeverHeardOfAMemberBeforeItDiedStillLearnsItAndThatItIsDown() {
        SimulatedCluster cluster = new SimulatedCluster(30, 3, GossipSettings.defaults(), Limits.defaults(),
                Model.lan(), 7);
        cluster.moduleGossip(MODULE_EVERY_MS);
        cluster.runFor(20_000);
        cluster.kill(5);
        cluster.runFor(600_000);
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.alive(i)) {
                assertTrue("node " + i + " knows the dead one", cluster.node(i).roster().stream()
                        .anyMatch(m -> m.address().equals(SimulatedCluster.address(5)) && m.failed()));
            }
        }
    }
}
