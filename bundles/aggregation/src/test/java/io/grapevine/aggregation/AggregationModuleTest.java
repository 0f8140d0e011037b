package io.grapevine.aggregation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.grapevine.api.ModuleResponse;
import io.grapevine.api.layer.Aggregation;
import io.grapevine.api.layer.Estimate;
import io.grapevine.api.layer.LayerUnavailableException;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.module.testkit.BuiltBundle;
import io.grapevine.module.testkit.Configs;
import io.grapevine.module.testkit.FakeContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class AggregationModuleTest {
    static final String PEER = "10.0.0.2:8080";
    private final FakeContext context = new FakeContext(AggregationModule.NAME);

    private AggregationModule started(PeerSampling sampling) {
        AggregationModule module = new AggregationModule(sampling, Configs.defaults(AggregationConfig.class),
                context::now);
        module.start(context);
        return module;
    }

    @Test
    public void providesTheLayerAndPushesHalfItsMassEveryRound() {
        started(k -> List.of(PEER));
        Aggregation layer = context.layer(Aggregation.class);
        layer.setLocalValue(10);
        context.advance(1000);
        assertEquals(1, context.exchanges.size());
        FakeContext.Exchange push = context.exchanges.get(0);
        assertEquals(PEER, push.peer());
        assertEquals("/push", push.path());
        assertEquals("push 0 node.test 5.0 0.5 0.5 10.0 1.0\n", push.bodyText());
        push.answer().complete("ok 0 node.test 10.0 1.0\n".getBytes(StandardCharsets.US_ASCII));
        context.advance(10_000);
        assertEquals(11, context.exchanges.size());
        assertEquals(10.0, layer.average().value(), 1e-12);
    }

    @Test
    public void aFailedPushGivesItsMassBack() {
        started(k -> List.of(PEER));
        context.advance(1000);
        context.exchanges.get(0).answer().completeExceptionally(new IOException("connection refused"));
        context.advance(1000);
        // All of the mass is back: the second push is half of all of it, not half of half.
        assertTrue(context.exchanges.get(1).bodyText(), context.exchanges.get(1).bodyText()
                .startsWith("push 0 node.test 0.0 0.5 0.5 "));
        assertTrue(context.request("GET", "/status", null, null).status() == 200);
        assertTrue(statusText().contains("\"pushesFailed\":1"));
    }

    @Test
    public void withoutPeerSamplingItGossipsWithTheCoresPeers() {
        context.peers.add("10.0.0.9:8080");
        started(k -> {
            throw new LayerUnavailableException("no module provides PeerSampling on this node now");
        });
        context.advance(1000);
        assertEquals("10.0.0.9:8080", context.exchanges.get(0).peer());
        assertTrue(statusText().contains("\"peers\":\"core peers\""));
    }

    @Test
    public void withNoPeersAtAllItKeepsItsMassAndKnowsItIsAlone() {
        started(null);
        context.layer(Aggregation.class).setLocalValue(3);
        context.advance(10_000);
        assertTrue(context.exchanges.isEmpty());
        Estimate count = context.layer(Aggregation.class).count();
        assertEquals(1.0, count.value(), 0);
        assertEquals(3.0, context.layer(Aggregation.class).average().value(), 0);
    }

    @Test
    public void answersPushesFromPeersAndJoinsTheWinningEpoch() {
        started(k -> List.of(PEER));
        ModuleResponse answer = context.request("POST", "/push", "push 0 node.a 4.0 0.5 0.5 8.0 1.0\n", PEER);
        assertEquals(200, answer.status());
        // node.a < node.test: we join its epoch with fresh mass (0, 0, 1) and take the push.
        assertEquals("ok 0 node.a 2.6666666666666665 0.3333333333333333\n",
                new String(answer.body(), StandardCharsets.US_ASCII));
        ModuleResponse refused = context.request("POST", "/push", "push 0 node.z 4.0 0.5 0.5 8.0 1.0\n", PEER);
        assertTrue(new String(refused.body(), StandardCharsets.US_ASCII).startsWith("refused 0 node.a "));
    }

    @Test
    public void refusesGarbageStrangersAndWrongMethods() {
        started(k -> List.of(PEER));
        assertEquals(400, context.request("POST", "/push", "push 0 node.a NaN 0.5 0.5 8.0 1.0", PEER).status());
        assertEquals(400, context.request("POST", "/push", "x".repeat(5000), PEER).status());
        assertEquals(400, context.request("POST", "/push", "push 0 node.a 4.0 0.5 0.5 8.0 1.0", null).status());
        assertEquals(405, context.request("GET", "/push", null, null).status());
        assertEquals(405, context.request("POST", "/status", "", PEER).status());
        assertEquals(404, context.request("GET", "/nothing", null, null).status());
        assertEquals(404, context.request("GET", "", null, null).status());
        assertTrue(statusText().contains("\"pushesReceived\":0"));
    }

    @Test
    public void statusIsSmallJsonForOperators() {
        started(k -> List.of(PEER));
        ModuleResponse status = context.request("GET", "/status", null, null);
        assertEquals("application/json", status.contentType());
        String json = statusText();
        for (String key : new String[] {"\"module\":\"io.grapevine.aggregation\"", "\"average\":{\"value\":0.0,\"error\":null}",
                "\"count\":{", "\"epoch\":{\"number\":0,\"starter\":\"node.test\",\"leader\":true", "\"pushesSent\":0"}) {
            assertTrue(json, json.contains(key));
        }
    }

    @Test
    public void theLocalValueSurvivesAnUpdate() {
        AggregationModule old = started(k -> List.of(PEER));
        context.layer(Aggregation.class).setLocalValue(7.5);
        String state = old.transferState();
        old.stop();
        assertEquals(Double.POSITIVE_INFINITY, context.layer(Aggregation.class).average().error(), 0);

        FakeContext next = new FakeContext(AggregationModule.NAME);
        AggregationModule module = new AggregationModule(null, Configs.defaults(AggregationConfig.class), next::now);
        module.acceptState(state);
        module.start(next);
        assertEquals(7.5, next.layer(Aggregation.class).average().value(), 0);
        for (String garbage : new String[] {null, "", "abc", "NaN", "Infinity", "1".repeat(100)}) {
            assertEquals(String.valueOf(garbage), 0.0, AggregationModule.parseValue(garbage), 0);
        }
    }

    @Test
    public void layerRefusesNonFiniteValues() {
        started(k -> List.of(PEER));
        try {
            context.layer(Aggregation.class).setLocalValue(Double.NaN);
            fail("NaN accepted");
        } catch (IllegalArgumentException expected) {
            // refused
        }
    }

    @Test
    public void settingsRefuseNonsense() {
        assertEquals(40, AggregationSettings.from(Configs.defaults(AggregationConfig.class)).epochRounds());
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("roundIntervalMs", 0L),
                Map.of("epochRounds", 5), Map.of("graceRounds", 0), Map.of("handoverRelativeError", 1.0),
                Map.of("exchangeTimeoutMs", 0L), Map.of("errorWindowRounds", 0))) {
            try {
                AggregationSettings.from(Configs.of(AggregationConfig.class, bad));
                fail("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }

    @Test
    public void theBundleExportsNothingAndImportsOnlyTheApi() throws Exception {
        BuiltBundle.of(AggregationModule.class).assertIsolatedModule("io.grapevine.aggregation", "1.0.0");
    }

    private String statusText() {
        return new String(context.request("GET", "/status", null, null).body(), StandardCharsets.UTF_8);
    }
}
