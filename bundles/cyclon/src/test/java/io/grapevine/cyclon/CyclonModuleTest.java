package io.grapevine.cyclon;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.grapevine.api.ModuleResponse;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.module.testkit.BuiltBundle;
import io.grapevine.module.testkit.FakeContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import org.junit.Test;

public class CyclonModuleTest {
    private static final Settings FAST = new Settings(1000, 20, 5, List.of());

    private long now = 0;
    private final FakeContext context = new FakeContext(Settings.PID);

    private CyclonModule started() {
        CyclonModule module = new CyclonModule(FAST, "me:1", "1.0.0", () -> now);
        context.peers.addAll(List.of("a:1", "b:2"));
        module.start(context);
        return module;
    }

    private void round() {
        now += 1000;
        context.runTimers();
    }

    @Test
    public void providesPeerSamplingFromItsCache() {
        CyclonModule module = started();
        PeerSampling sampling = (PeerSampling) context.provided.get(PeerSampling.class);
        assertEquals(new HashSet<>(List.of("a:1", "b:2")), new HashSet<>(sampling.sample(10)));
        assertTrue(status().contains("\"providesPeerSampling\":true"));
        assertEquals(module.layer(), sampling);
    }

    @Test
    public void whenMembershipProvidesPeerSamplingItRunsOnWithoutAndSaysWhy() {
        context.refused.add(PeerSampling.class);
        started();
        String status = status();
        assertTrue(status, status.contains("\"providesPeerSampling\":false,\"notProvidingBecause\":"
                + "\"PeerSampling is provided by module other already\""));
        round();
        assertEquals("it shuffles all the same", 1, context.exchanges.size());
    }

    @Test
    public void eachRoundShufflesWithTheOldestAndTakesTheAnswer() {
        started();
        round();
        FakeContext.Exchange sent = context.exchanges.get(0);
        assertEquals("/shuffle", sent.path());
        assertTrue(sent.bodyText(), sent.bodyText().startsWith("me:1 0\n"));
        sent.answer().complete("c:3 4\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(status(), status().contains("{\"member\":\"c:3\",\"age\":4}"));
        round();
        context.exchanges.get(1).answer().completeExceptionally(new IOException("refused"));
        assertTrue(status(), status().contains("\"exchanges\":{\"ok\":1,\"failed\":1"));
    }

    @Test
    public void aPeersShuffleIsAnsweredAndBadOnesRefused() {
        started();
        ModuleResponse answer = context.request("POST", "/shuffle", "p:7 0\n", "p:7");
        assertEquals(200, answer.status());
        assertEquals(new HashSet<>(List.of("a:1 0", "b:2 0")),
                new HashSet<>(List.of(new String(answer.body(), StandardCharsets.US_ASCII).split("\n"))));
        assertTrue(status().contains("\"member\":\"p:7\""));
        assertEquals(400, context.request("POST", "/shuffle", "p:7 zero\n", "p:7").status());
        assertEquals(400, context.request("POST", "/shuffle", "p:7 0\n", null).status());
        assertEquals(413, context.request("POST", "/shuffle", "p:7 0\n".repeat(12_000), "p:7").status());
        assertEquals(404, context.request("GET", "/nothing", "", null).status());
    }

    @Test
    public void theCacheCrossesToTheNextVersion() {
        CyclonModule old = started();
        String state = old.transferState();
        old.stop();
        CyclonModule next = new CyclonModule(FAST, "me:1", "1.0.1", () -> now);
        next.acceptState(state);
        FakeContext nextContext = new FakeContext(Settings.PID);
        next.start(nextContext);
        assertEquals(new HashSet<>(List.of("a:1", "b:2")), new HashSet<>(next.layer().sample(5)));
        CyclonModule fresh = new CyclonModule(FAST, "me:1", "1.0.1", () -> now);
        fresh.acceptState("\u0000garbage");
        fresh.start(new FakeContext(Settings.PID));
        assertFalse(fresh.transferState().contains("garbage"));
    }

    @Test
    public void theBundleIsNamedAsTheModuleExportsNothingAndImportsOnlyTheApi() throws Exception {
        BuiltBundle bundle = BuiltBundle.of(CyclonModule.class);
        bundle.assertIsolatedModule(Settings.PID, "1.0.0");
        String component = bundle.resource("OSGI-INF/" + Settings.PID + ".xml");
        assertTrue("immediate, so DS never deactivates it under the core", component.contains("immediate=\"true\""));
    }

    private String status() {
        return new String(context.request("GET", "/status", "", null).body(), StandardCharsets.UTF_8);
    }
}
