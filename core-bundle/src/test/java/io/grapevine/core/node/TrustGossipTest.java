package io.grapevine.core.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.sim.SimulatedCluster;
import io.grapevine.core.sim.SimulatedCluster.Model;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

/** Only trusted deployers change what runs, on every node, and trust itself changes by gossip. */
public class TrustGossipTest {
    private static SimulatedCluster cluster(int n, long seed) {
        SimulatedCluster cluster = new SimulatedCluster(n, 2, GossipSettings.defaults(), Limits.defaults(),
                Model.lan(), seed);
        cluster.runFor(60_000);
        return cluster;
    }

    private static DeploymentNumber deploy(SimulatedCluster cluster, int at, String version) {
        cluster.deploy(at, cluster.upload(at, "m", version, 10_000));
        return cluster.node(at).current().deployment();
    }

    private static GossipMessage from(String peer, Configuration config) {
        return new GossipMessage(peer, config, 1, List.of(), List.of());
    }

    @Test
    public void forgedUnsignedExpiredAndFarFutureGossipIsRefusedAndTheNextHonestDeploymentStillSpreads() {
        SimulatedCluster cluster = cluster(10, 1);
        DeploymentNumber honest = deploy(cluster, 0, "1");
        assertTrue(cluster.runUntilAllOn(honest, 30_000) >= 0);
        long now = cluster.now();
        DeployerKey attacker = DeployerKey.generate();
        DeploymentNumber evil = new DeploymentNumber(now + 1, 0, "evil");
        Configuration plain = new Configuration(evil, List.of(new ModuleEntry("m", "e".repeat(64), 10, "6.6.6", evil)))
                .terms(1, now + 60_000);
        Configuration forged = plain.signedBy(attacker.sign(plain));
        Configuration expired = plain.terms(1, now - 1);
        DeploymentNumber far = new DeploymentNumber(253_402_300_799_999L, Integer.MAX_VALUE, "evil");
        Configuration future = new Configuration(far, List.of(new ModuleEntry("m", "e".repeat(64), 10, "6", far)))
                .terms(1, far.time());
        for (Configuration bad : List.of(plain, forged, expired.signedBy(cluster.key().sign(expired)),
                future.signedBy(cluster.key().sign(future)))) {
            Node.Reply reply = cluster.inject(3, from("6.6.6.6:66", bad));
            assertTrue("refused: " + bad, reply.refusal() != null);
        }
        cluster.runFor(5_000);
        for (int i = 0; i < cluster.size(); i++) {
            assertEquals(honest, cluster.node(i).current().deployment());
        }
        DeploymentNumber next = deploy(cluster, 5, "2");
        assertTrue("deployment numbers still work everywhere", cluster.runUntilAllOn(next, 30_000) >= 0);
        assertTrue(next.time() < far.time());
    }

    @Test
    public void withTwoOfThreeKeysOneSignatureIsRefusedAndTwoSpreadEverywhere() {
        SimulatedCluster cluster = cluster(5, 2);
        DeployerKey b = DeployerKey.generate();
        DeployerKey c = DeployerKey.generate();
        Map<String, String> keys = new TreeMap<>(cluster.trust().get(0).keys());
        keys.put(b.id(), b.publicKeyText());
        keys.put(c.id(), c.publicKeyText());
        TrustRoot v2 = cluster.trust().get(0).next(2, keys);
        v2 = v2.signedBy(new Configuration.Signature(cluster.key().id(), cluster.key().sign(v2.signedBytes())));
        assertEquals(201, answerOf(cluster, cluster.rotate(0, v2)).status());
        cluster.runFor(10_000);
        for (int i = 0; i < cluster.size(); i++) {
            assertEquals("the new root reached node " + i, 2, cluster.node(i).root().version());
        }
        Jar jar = cluster.upload(1, "m", "2", 10_000);
        Configuration proposal = answerOf(cluster, cluster.propose(1, new Change.Deploy(jar))).config();
        assertEquals(403, answerOf(cluster, cluster.submit(1, proposal.signedBy(b.sign(proposal)))).status());
        assertEquals("the node's own key alone is not enough either", 403,
                answerOf(cluster, cluster.deploy(2, cluster.upload(2, "m", "3", 10))).status());
        long request = cluster.submit(1, proposal.signedBy(b.sign(proposal)).signedBy(c.sign(proposal)));
        assertTrue(cluster.runUntilAllOn(proposal.deployment(), 30_000) >= 0);
        assertEquals(201, cluster.answer(request).status());
    }

    @Test
    public void aRevokedKeyCanNoLongerDeployAnywhereAndNobodyGoesBackToTheOldRoot() {
        SimulatedCluster cluster = cluster(8, 3);
        DeployerKey successor = DeployerKey.generate();
        TrustRoot v1 = cluster.trust().get(0);
        TrustRoot v2 = v1.next(1, Map.of(successor.id(), successor.publicKeyText()));
        v2 = v2.signedBy(new Configuration.Signature(cluster.key().id(), cluster.key().sign(v2.signedBytes())));
        cluster.kill(6); // down while trust changes: it learns the new root when it comes back
        cluster.rotate(4, v2);
        cluster.runFor(10_000);
        cluster.restart(6);
        cluster.runFor(10_000);
        for (int i = 0; i < cluster.size(); i++) {
            assertEquals(2, cluster.node(i).root().version());
        }
        long refused = cluster.deploy(0, cluster.upload(0, "m", "9", 10));
        assertEquals("the revoked key the nodes hold signs nothing that counts", 403,
                cluster.answer(refused).status());
        Configuration replay = cluster.node(0).current(); // any node's old root message is ignored
        assertNull(cluster.inject(1, new GossipMessage("6.6.6.6:1", replay, 1, List.of(v1), List.of())).refusal());
        assertEquals(2, cluster.node(1).root().version());

        Jar jar = cluster.upload(2, "m", "10", 10);
        Configuration proposal = answerOf(cluster, cluster.propose(2, new Change.Deploy(jar))).config();
        assertEquals(2, proposal.trust());
        cluster.submit(2, proposal.signedBy(successor.sign(proposal)));
        assertTrue(cluster.runUntilAllOn(proposal.deployment(), 30_000) >= 0);
    }

    @Test
    public void aProposalsJarStaysInTheStoreUntilItIsSignedAndSubmitted() {
        SimulatedCluster cluster = cluster(3, 4);
        Jar jar = cluster.upload(0, "m", "1", 10);
        Configuration proposal = answerOf(cluster, cluster.propose(0, new Change.Deploy(jar))).config();
        DeploymentNumber other = deploy(cluster, 0, "2"); // a deployment meanwhile discards unwanted jars
        cluster.runUntilAllOn(other, 30_000);
        assertEquals("stale once a newer deployment exists", 409,
                answerOf(cluster, cluster.submit(0, proposal.signedBy(cluster.key().sign(proposal)))).status());
        Configuration again = answerOf(cluster, cluster.propose(0, new Change.Deploy(jar))).config();
        long request = cluster.submit(0, again.signedBy(cluster.key().sign(again)));
        assertTrue(cluster.runUntilAllOn(again.deployment(), 30_000) >= 0);
        assertEquals(201, cluster.answer(request).status());
    }

    private static io.grapevine.core.node.Action.Answer answerOf(SimulatedCluster cluster, long request) {
        return cluster.answer(request);
    }
}
