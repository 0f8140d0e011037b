package io.grapevine.broadcast;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.grapevine.api.Cancellable;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.layer.Aggregation;
import io.grapevine.api.layer.Broadcast;
import io.grapevine.api.layer.Estimate;
import io.grapevine.api.layer.LayerUnavailableException;
import io.grapevine.api.layer.Membership;
import io.grapevine.api.layer.MembershipListener;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.api.layer.Publication;
import io.grapevine.module.testkit.BuiltBundle;
import io.grapevine.module.testkit.Configs;
import io.grapevine.module.testkit.FakeContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BroadcastModuleTest {
    private final FakeContext context = new FakeContext(BroadcastModule.NAME);
    private final List<String> delivered = new ArrayList<>();
    private final PeerSampling tenPeers = k -> {
        List<String> peers = new ArrayList<>();
        for (int i = 1; i <= Math.min(k, 10); i++) {
            peers.add("10.0.0." + i + ":8080");
        }
        return peers;
    };

    private Broadcast started(PeerSampling sampling, Aggregation aggregation, Membership membership) {
        BroadcastModule module = new BroadcastModule(sampling, aggregation, membership,
                Configs.defaults(BroadcastConfig.class), context::now, () -> 1_700_000_000_000L);
        module.start(context);
        Broadcast layer = context.layer(Broadcast.class);
        layer.addListener((id, message) -> delivered.add(id + "=" + new String(message, StandardCharsets.UTF_8)));
        return layer;
    }

    private static Aggregation count(double n, double error) {
        return new Aggregation() {
            @Override
            public void setLocalValue(double value) {
            }

            @Override
            public Estimate average() {
                return new Estimate(0, 0);
            }

            @Override
            public Estimate count() {
                return new Estimate(n, error);
            }
        };
    }

    @Test
    public void publishForwardsToLnNPlusTwoPeersAndDeliversHereOnce() {
        Broadcast layer = started(tenPeers, count(100, 1), null);
        Publication publication = layer.publish("hello".getBytes(StandardCharsets.UTF_8));
        assertEquals("node.test-loyw3v28-1", publication.id());
        assertEquals(7, context.exchanges.size()); // ceil(ln 100 + 2)
        FakeContext.Exchange first = context.exchanges.get(0);
        assertEquals("/message", first.path());
        assertEquals("msg node.test-loyw3v28-1 0\nhello", first.bodyText());
        assertTrue(delivered.isEmpty()); // delivered on the module's thread, not the caller's
        context.advance(0);
        assertEquals(List.of("node.test-loyw3v28-1=hello"), delivered);
        assertEquals(0.01, publication.estimatedCoverage(), 1e-12);
        context.advance(5);
        context.exchanges.forEach(e -> e.answer().complete("new\n".getBytes(StandardCharsets.US_ASCII)));
        context.advance(1000);
        assertTrue(publication.estimatedCoverage() > 0.99);
        assertTrue(status().contains("\"nSource\":\"aggregation count\""));
    }

    @Test
    public void aFirstCopyIsDeliveredAndForwardedButNotBackToItsSender() {
        started(tenPeers, null, null);
        ModuleResponse answer = context.request("POST", "/message", "msg node.9-x-1 2\nhi", "10.0.0.1:8080");
        assertEquals(200, answer.status());
        assertEquals("new\n", new String(answer.body(), StandardCharsets.US_ASCII));
        assertEquals(List.of("node.9-x-1=hi"), delivered);
        // No count, no membership: N = the core's peers (none) + 1 = 1... so nobody to forward to.
        assertTrue(context.exchanges.isEmpty());
        context.peers.addAll(List.of("a:1", "b:1", "c:1", "d:1", "e:1", "f:1", "g:1", "h:1", "i:1"));
        context.request("POST", "/message", "msg node.9-x-2 0\nho", "10.0.0.1:8080");
        assertEquals(5, context.exchanges.size()); // N = 10: ceil(ln 10 + 2) = 5
        assertTrue(context.exchanges.stream().noneMatch(e -> e.peer().equals("10.0.0.1:8080")));
        assertTrue(context.exchanges.stream().allMatch(e -> e.bodyText().equals("msg node.9-x-2 1\nho")));
        ModuleResponse again = context.request("POST", "/message", "msg node.9-x-2 3\nho", "10.0.0.4:8080");
        assertEquals("dup\n", new String(again.body(), StandardCharsets.US_ASCII));
        assertEquals(2, delivered.size());
        assertEquals(5, context.exchanges.size());
    }

    @Test
    public void nFallsBackToMembershipWhenNoCountIsAvailable() {
        Aggregation unavailable = (Aggregation) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Aggregation.class}, (proxy, method, args) -> {
                    throw new LayerUnavailableException("no module provides Aggregation on this node now");
                });
        Membership view = new Membership() {
            @Override
            public List<String> view() {
                return List.of("a:1", "b:1", "c:1", "d:1", "e:1", "f:1", "g:1", "h:1", "i:1", "j:1", "k:1", "l:1",
                        "m:1", "n:1", "o:1", "p:1", "q:1", "r:1", "s:1");
            }

            @Override
            public Cancellable addListener(MembershipListener listener) {
                return () -> { };
            }
        };
        PeerSampling noSampling = k -> {
            throw new LayerUnavailableException("no module provides PeerSampling on this node now");
        };
        context.peers.addAll(List.of("x:1", "y:1"));
        Broadcast layer = started(noSampling, unavailable, view);
        layer.publish(new byte[] {1});
        String status = status();
        assertTrue(status, status.contains("\"n\":20.0,\"nSource\":\"membership view\",\"fanout\":5"));
        assertTrue(status, status.contains("\"peers\":\"core peers\""));
        assertEquals(2, context.exchanges.size()); // only two peers known
    }

    @Test
    public void failedForwardsLowerTheDeliveryRate() {
        Broadcast layer = started(tenPeers, count(100, 1), null);
        layer.publish(new byte[] {1});
        context.exchanges.forEach(e -> e.answer().completeExceptionally(new IOException("connection refused")));
        assertTrue(status(), status().contains("\"forwardsFailed\":7,\"deliveryRate\":0.125"));
    }

    @Test
    public void refusesGarbageStrangersOversizeAndWrongMethods() {
        Broadcast layer = started(tenPeers, null, null);
        assertEquals(400, context.request("POST", "/message", "msg a 1", "10.0.0.1:8080").status());
        assertEquals(400, context.request("POST", "/message", "msg a 1\n" + "x".repeat(16385), "10.0.0.1:8080")
                .status());
        assertEquals(400, context.request("POST", "/message", "msg a 1\nx", null).status());
        assertEquals(405, context.request("GET", "/message", null, null).status());
        assertEquals(405, context.request("DELETE", "/status", null, null).status());
        assertEquals(404, context.request("GET", "/other", null, null).status());
        assertTrue(delivered.isEmpty());
        try {
            layer.publish(new byte[16385]);
            fail("oversize message published");
        } catch (IllegalArgumentException expected) {
            assertTrue(context.exchanges.isEmpty());
        }
    }

    @Test
    public void aListenerThatThrowsHurtsNoOther() {
        Broadcast layer = started(tenPeers, null, null);
        layer.addListener((id, message) -> {
            throw new IllegalStateException("bug");
        });
        List<String> second = new ArrayList<>();
        Cancellable cancel = layer.addListener((id, message) -> second.add(id));
        context.request("POST", "/message", "msg m-1 0\nx", "10.0.0.1:8080");
        assertEquals(1, delivered.size());
        assertEquals(List.of("m-1"), second);
        cancel.cancel();
        context.request("POST", "/message", "msg m-2 0\nx", "10.0.0.1:8080");
        assertEquals(List.of("m-1"), second);
    }

    @Test
    public void statusIsSmallJsonForOperators() {
        Broadcast layer = started(tenPeers, count(100, 1), null);
        layer.publish(new byte[] {1});
        ModuleResponse status = context.request("GET", "/status", null, null);
        assertEquals("application/json", status.contentType());
        for (String key : new String[] {"\"module\":\"io.grapevine.broadcast\"", "\"published\":1", "\"forwarded\":7",
                "\"recent\":[{\"id\":\"node.test-loyw3v28-1\",\"n\":100.0,\"sent\":7,\"answered\":0,\"failed\":0,"
                        + "\"estimatedCoverage\":0.01}]"}) {
            assertTrue(status(), status().contains(key));
        }
    }

    @Test
    public void theBundleExportsNothingAndImportsOnlyTheApi() throws Exception {
        BuiltBundle.of(BroadcastModule.class).assertIsolatedModule("io.grapevine.broadcast", "1.0.0");
        assertEquals(16384, BroadcastSettings.from(Configs.defaults(BroadcastConfig.class)).maxMessageBytes());
        try {
            BroadcastSettings.from(Configs.of(BroadcastConfig.class, Map.of("maxFanout", 0)));
            fail("maxFanout 0 accepted");
        } catch (IllegalArgumentException expected) {
            // refused
        }
    }

    private String status() {
        return new String(context.request("GET", "/status", null, null).body(), StandardCharsets.UTF_8);
    }
}
