package io.grapevine.failuredetector;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.api.ModuleResponse;
import io.grapevine.api.layer.FailureDetector;
import io.grapevine.api.layer.LayerUnavailableException;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.module.testkit.BuiltBundle;
import io.grapevine.module.testkit.FakeContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class FailureDetectorModuleTest {
    private static final Settings FAST = new Settings(1000, 5000, List.of());

    private long now = 0;
    private final FakeContext context = new FakeContext(Settings.PID);

    private FailureDetectorModule module() {
        return new FailureDetectorModule(FAST, "me:1", "1.0.0", () -> now, () -> 1_000_000);
    }

    private FailureDetectorModule started() {
        FailureDetectorModule module = module();
        context.peers.add("core-peer:1");
        module.start(context);
        return module;
    }

    private void advanceTo(long time) {
        while (now < time) {
            now = Math.min(time, now + 500);
            context.runTimers();
        }
    }

    @Test
    public void gossipsWithTheCoresPeersWhileNoModuleProvidesPeerSampling() {
        FailureDetectorModule module = started();
        assertTrue(context.provided.get(FailureDetector.class) instanceof FailureDetector);
        module.sampling = k -> {
            throw new LayerUnavailableException("no module provides PeerSampling on this node now");
        };
        advanceTo(1000);
        assertEquals("core-peer:1", context.exchanges.get(0).peer());
        assertEquals("/heartbeats", context.exchanges.get(0).path());
        assertEquals("me:1 1000001\n", context.exchanges.get(0).bodyText());
    }

    @Test
    public void gossipsWithTheSampledPeerWhenThereIsOne() {
        FailureDetectorModule module = started();
        module.sampling = k -> List.of("sampled:9");
        advanceTo(1000);
        assertEquals("sampled:9", context.exchanges.get(0).peer());
        assertTrue(status().contains("\"peersFrom\":{\"peerSampling\":1,\"corePeers\":0}"));
    }

    @Test
    public void aSilentMemberIsSuspectedAndRecoversWithUpcalls() {
        FailureDetectorModule module = started();
        assertEquals(200, context.request("POST", "/heartbeats", "a:1 5\n", "a:1").status());
        advanceTo(5000);
        assertEquals(Set.of("a:1"), module.layer().suspected());
        assertEquals(List.of("suspected a:1"), context.upcalls);
        ModuleResponse answer = context.request("POST", "/heartbeats", "a:1 6\n", "a:1");
        String table = new String(answer.body(), StandardCharsets.US_ASCII);
        assertTrue(table, table.startsWith("me:1 100000") && table.endsWith("\na:1 6\n"));
        assertEquals(List.of("suspected a:1", "recovered a:1"), context.upcalls);
        assertEquals(Set.of(), module.layer().suspected());
    }

    @Test
    public void answersArePushPullAndBadOnesCountAsFailures() {
        started();
        advanceTo(1000);
        context.exchanges.get(0).answer().complete("b:2 9\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(status().contains("\"member\":\"b:2\",\"heartbeat\":9"));
        advanceTo(2000);
        context.exchanges.get(1).answer().complete("garbage".getBytes(StandardCharsets.US_ASCII));
        advanceTo(3000);
        context.exchanges.get(2).answer().completeExceptionally(new IOException("refused"));
        assertTrue(status(), status().contains("\"exchanges\":{\"ok\":1,\"failed\":2,\"refused\":0}"));
    }

    @Test
    public void badRequestsAreRefusedAndChangeNothing() {
        started();
        assertEquals(400, context.request("POST", "/heartbeats", "a:1 -5\n", "a:1").status());
        assertEquals(400, context.request("POST", "/heartbeats", "a:1 5\n", null).status());
        assertEquals(413, context.request("POST", "/heartbeats", "a:1 1\n".repeat(12_000), "a:1").status());
        assertEquals(404, context.request("GET", "/nothing", "", null).status());
        assertTrue(status(), status().contains("\"members\":[]"));
    }

    @Test
    public void theTableAndSuspicionsCrossToTheNextVersionWithoutUpcalls() {
        FailureDetectorModule old = started();
        context.request("POST", "/heartbeats", "a:1 5\nb:2 8\n", "a:1");
        advanceTo(3000);
        context.request("POST", "/heartbeats", "b:2 9\n", "b:2");
        advanceTo(5000);
        String state = old.transferState();
        assertEquals("live\nb:2 9\nsuspected\na:1 5\n", state);
        old.stop();

        FailureDetectorModule next = module();
        next.acceptState(state);
        FakeContext nextContext = new FakeContext(Settings.PID);
        next.start(nextContext);
        assertEquals(Set.of("a:1"), next.layer().suspected());
        assertEquals(List.of(), nextContext.upcalls);

        FailureDetectorModule fresh = module();
        for (String garbage : new String[] {null, "", "live\n", "live\nx\nsuspected\n", "suspected\nlive\n"}) {
            fresh.acceptState(garbage);
        }
        fresh.acceptState("live\nsuspected\n");
        fresh.start(new FakeContext(Settings.PID));
        assertEquals(Set.of(), fresh.layer().suspected());
    }

    @Test
    public void aSecondProviderIsShownAndTheDetectorRunsOn() {
        context.refused.add(FailureDetector.class);
        started();
        assertTrue(status().contains("FailureDetector not provided"));
        advanceTo(1000);
        assertEquals(1, context.exchanges.size());
    }

    @Test
    public void theBundleIsNamedAsTheModuleExportsNothingAndImportsOnlyTheApi() throws Exception {
        BuiltBundle bundle = BuiltBundle.of(FailureDetectorModule.class);
        bundle.assertIsolatedModule(Settings.PID, "1.0.0");
        String component = bundle.resource("OSGI-INF/" + Settings.PID + ".xml");
        assertTrue("immediate, so DS never deactivates it under the core", component.contains("immediate=\"true\""));
    }

    private String status() {
        ModuleResponse response = context.request("GET", "/status", "", null);
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
