package io.grapevine.module.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.api.layer.LayerUnavailableException;
import io.grapevine.module.testkit.FakeContext;
import java.util.List;
import org.junit.Test;

public class PeersTest {
    private final FakeContext context = new FakeContext("io.grapevine.test");

    @Test
    public void peersComeFromPeerSamplingAtMostKOfThem() {
        Peers peers = new Peers(k -> List.of("a:1", "b:1", "c:1"), context);
        assertEquals(List.of("a:1", "b:1"), peers.sample(2));
        assertEquals("PeerSampling", peers.source());
    }

    @Test
    public void withoutAProviderTheCoresPeersServe() {
        context.peers.addAll(List.of("x:1", "y:1", "z:1"));
        Peers unbound = new Peers(null, context);
        assertEquals(2, unbound.sample(2).size());
        assertEquals("core peers", unbound.source());
        Peers unavailable = new Peers(k -> {
            throw new LayerUnavailableException("no module provides PeerSampling");
        }, context);
        assertTrue(List.of("x:1", "y:1", "z:1").containsAll(unavailable.sample(5)));
        assertEquals("core peers", unavailable.source());
        assertEquals(List.of("x:1", "y:1", "z:1").size(), new Peers(k -> List.of(), context).sample(5).size());
    }
}
