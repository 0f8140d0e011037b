package io.grapevine.randomwalk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.grapevine.api.ModuleResponse;
import io.grapevine.api.layer.LayerUnavailableException;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.api.layer.RandomWalk;
import io.grapevine.module.testkit.BuiltBundle;
import io.grapevine.module.testkit.Configs;
import io.grapevine.module.testkit.FakeContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.Test;

public class RandomWalkModuleTest {
    static final String ORIGIN = "10.0.0.1:8080";
    private final FakeContext context = new FakeContext(RandomWalkModule.NAME);
    private final PeerSampling threePeers = k -> List.of("10.0.0.2:8080", "10.0.0.3:8080", "10.0.0.4:8080")
            .subList(0, Math.min(k, 3));

    private RandomWalkModule module(PeerSampling sampling) {
        RandomWalkModule module = new RandomWalkModule(sampling, Configs.defaults(RandomWalkConfig.class),
                context::now, () -> 1_700_000_000_000L);
        module.start(context);
        return module;
    }

    private RandomWalk started(PeerSampling sampling) {
        module(sampling);
        return context.layer(RandomWalk.class);
    }

    @Test
    public void aWalkGoesToARandomPeerAndCompletesWithTheNodeThatAnswers() throws Exception {
        CompletableFuture<String> node = started(threePeers).randomNode(5).toCompletableFuture();
        assertEquals(1, context.exchanges.size());
        FakeContext.Exchange walk = context.exchanges.get(0);
        assertEquals("10.0.0.2:8080", walk.peer());
        assertEquals("/walk", walk.path());
        assertEquals("walk node.test-loyw3v28-1 - 5 0\n", walk.bodyText());
        walk.answer().complete("ok\n".getBytes(StandardCharsets.US_ASCII));
        ModuleResponse done = context.request("POST", "/done", "done node.test-loyw3v28-1 5", "10.0.0.77:8080");
        assertEquals(200, done.status());
        assertFalse(node.isDone()); // completed on the module's thread, by the timer it scheduled
        context.advance(0);
        assertEquals("10.0.0.77:8080", node.get());
        assertTrue(status().contains("\"ended\":1"));
    }

    @Test
    public void aHopTakesOneOffAndForwardsOrAnswersTheOrigin() {
        started(threePeers);
        context.request("POST", "/walk", "walk w-1 - 3 0", ORIGIN);
        assertEquals("walk w-1 10.0.0.1:8080 2 1\n", context.exchanges.get(0).bodyText());
        context.request("POST", "/walk", "walk w-2 10.0.0.9:8080 1 4", "10.0.0.5:8080");
        assertEquals("10.0.0.9:8080", context.exchanges.get(1).peer());
        assertEquals("/done", context.exchanges.get(1).path());
        assertEquals("done w-2 5\n", context.exchanges.get(1).bodyText());
    }

    @Test
    public void aDeadPeerIsReplacedByTheNextAndWithNoneLeftTheWalkEndsHere() {
        started(threePeers);
        context.request("POST", "/walk", "walk w-1 " + ORIGIN + " 4 2", "10.0.0.5:8080");
        for (int attempt = 0; attempt < 3; attempt++) {
            FakeContext.Exchange last = context.exchanges.get(context.exchanges.size() - 1);
            assertEquals("/walk", last.path());
            last.answer().completeExceptionally(new IOException("connection refused"));
        }
        FakeContext.Exchange end = context.exchanges.get(3);
        assertEquals(ORIGIN, end.peer());
        assertEquals("done w-1 3\n", end.bodyText()); // ended early, here: after 3 hops of the 6 asked
    }

    @Test
    public void lostWalksTimeOutAndWalksWithNobodyToGoToFailAtOnce() throws Exception {
        RandomWalk walks = started(threePeers);
        CompletableFuture<String> lost = walks.randomNode(4).toCompletableFuture();
        context.exchanges.get(0).answer().complete("ok\n".getBytes(StandardCharsets.US_ASCII));
        context.advance(4999);
        assertFalse(lost.isDone());
        context.advance(1);
        try {
            lost.get();
            fail("a lost walk completed");
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof TimeoutException);
        }

        CompletableFuture<String> nowhere = started(k -> {
            throw new LayerUnavailableException("no module provides PeerSampling on this node now");
        }).randomNode(3).toCompletableFuture();
        context.advance(0);
        try {
            nowhere.get();
            fail("a walk with no peer completed");
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof IOException);
        }
        assertTrue(status().contains("\"peers\":\"core peers\""));
    }

    @Test
    public void stoppingFailsTheWalksUnderWay() {
        RandomWalkModule module = module(threePeers);
        CompletableFuture<String> walk = context.layer(RandomWalk.class).randomNode(2).toCompletableFuture();
        module.stop();
        assertTrue(walk.isCompletedExceptionally());
        try {
            context.layer(RandomWalk.class).randomNode(2);
            fail("walked after stop");
        } catch (IllegalStateException expected) {
            // refused
        }
    }

    @Test
    public void refusesBadArgumentsGarbageStrangersAndWrongMethods() {
        RandomWalk walks = started(threePeers);
        for (int hops : new int[] {0, -1, 65}) {
            try {
                walks.randomNode(hops);
                fail("maxHops " + hops + " accepted");
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
        assertEquals(400, context.request("POST", "/walk", "walk w-1 - 65 0", ORIGIN).status());
        assertEquals(400, context.request("POST", "/walk", "walk w-1 - 0 0", ORIGIN).status());
        assertEquals(400, context.request("POST", "/walk", "walk w-1 - 3 0", null).status());
        assertEquals(400, context.request("POST", "/done", "done w-1 x", ORIGIN).status());
        assertEquals(400, context.request("POST", "/done", "x".repeat(10_000), ORIGIN).status());
        assertEquals(405, context.request("GET", "/walk", null, null).status());
        assertEquals(404, context.request("GET", "/", null, null).status());
        assertTrue(context.exchanges.isEmpty());
        assertEquals(200, context.request("POST", "/done", "done unknown-1 3", ORIGIN).status()); // late: ignored
    }

    @Test
    public void tooManyWalksUnderWayFailAtOnce() {
        RandomWalk walks = startedWith(Map.of("maxPendingWalks", 2));
        walks.randomNode(1);
        walks.randomNode(1);
        assertTrue(walks.randomNode(1).toCompletableFuture().isCompletedExceptionally());
    }

    private RandomWalk startedWith(Map<String, Object> config) {
        new RandomWalkModule(threePeers, Configs.of(RandomWalkConfig.class, config), context::now, () -> 1L)
                .start(context);
        return context.layer(RandomWalk.class);
    }

    @Test
    public void statusIsSmallJsonForOperators() {
        started(threePeers);
        ModuleResponse status = context.request("GET", "/status", null, null);
        assertEquals("application/json", status.contentType());
        assertEquals("{\"module\":\"io.grapevine.randomwalk\",\"running\":true,\"peers\":\"PeerSampling\",\"pending\":0,"
                + "\"started\":0,\"ended\":0,\"endedEarly\":0,\"lost\":0,\"timedOut\":0,\"meanHops\":null,"
                + "\"hopsServed\":0,\"forwardsFailed\":0}", status());
    }

    @Test
    public void theBundleExportsNothingAndImportsOnlyTheApi() throws Exception {
        BuiltBundle.of(RandomWalkModule.class).assertIsolatedModule("io.grapevine.randomwalk", "1.0.0");
    }

    private String status() {
        return new String(context.request("GET", "/status", null, null).body(), StandardCharsets.UTF_8);
    }
}
