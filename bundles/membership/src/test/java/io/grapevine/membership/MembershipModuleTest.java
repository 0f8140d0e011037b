package io.grapevine.membership;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.api.ModuleResponse;
import io.grapevine.api.VersionMismatchException;
import io.grapevine.api.layer.Membership;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.module.testkit.BuiltBundle;
import io.grapevine.module.testkit.FakeContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import org.junit.Test;

public class MembershipModuleTest {
    private static final Settings FAST = new Settings(1000, 30, 8, List.of());

    private long now = 0;
    private final FakeContext context = new FakeContext(Settings.PID);

    private MembershipModule started() {
        MembershipModule module = new MembershipModule(FAST, "me:1", "1.0.0", () -> now);
        context.peers.addAll(List.of("a:1", "b:2"));
        module.start(context);
        return module;
    }

    /** Lets one round pass and runs the wake-up. */
    private void round() {
        now += 1000;
        context.runTimers();
    }

    @Test
    public void startProvidesBothLayersAndAnnouncesTheCoresPeers() {
        MembershipModule module = started();
        assertTrue(context.provided.get(Membership.class) instanceof Membership);
        assertTrue(context.provided.get(PeerSampling.class) instanceof PeerSampling);
        assertEquals(List.of("joined a:1", "joined b:2"), context.upcalls);
        assertEquals(List.of("a:1", "b:2"), module.layer().view());
        assertEquals(new HashSet<>(List.of("a:1", "b:2")), new HashSet<>(module.layer().sample(5)));
        assertEquals(1, module.layer().sample(1).size());
        assertEquals(List.of(), module.layer().sample(0));
    }

    @Test
    public void eachRoundSendsTheViewAndItselfToAMemberAndMergesTheAnswer() {
        started();
        round();
        assertEquals(1, context.exchanges.size());
        FakeContext.Exchange sent = context.exchanges.get(0);
        assertEquals("/view", sent.path());
        assertTrue(sent.bodyText(), sent.bodyText().startsWith("me:1 0\n"));
        sent.answer().complete("c:3 2\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(context.upcalls.contains("joined c:3"));
        assertTrue(((Membership) context.provided.get(Membership.class)).view().contains("c:3"));
    }

    @Test
    public void aPeerThatDoesNotAnswerLeavesButOneOnAnotherVersionStays() {
        started();
        round();
        FakeContext.Exchange first = context.exchanges.get(0);
        first.answer().completeExceptionally(new VersionMismatchException("other version"));
        assertTrue(((Membership) context.provided.get(Membership.class)).view().contains(first.peer()));
        round();
        FakeContext.Exchange second = context.exchanges.get(1);
        second.answer().completeExceptionally(new IOException("connection refused"));
        assertTrue(context.upcalls.contains("left " + second.peer()));
        assertTrue(status().contains("\"fenced\":1"));
    }

    @Test
    public void aPeersViewIsAnsweredWithOurOwnAndMerged() {
        started();
        ModuleResponse response = context.request("POST", "/view", "p:7 0\nq:8 1\n", "p:7");
        assertEquals(200, response.status());
        String answer = new String(response.body(), StandardCharsets.US_ASCII);
        assertTrue(answer, answer.startsWith("me:1 0\n") && answer.contains("a:1 0\n"));
        assertTrue(context.upcalls.containsAll(List.of("joined p:7", "joined q:8")));
    }

    @Test
    public void badRequestsAreRefusedAndChangeNothing() {
        started();
        assertEquals(400, context.request("POST", "/view", "garbage", "p:7").status());
        assertEquals(400, context.request("POST", "/view", "p:7 0\n", null).status());
        assertEquals(400, context.request("GET", "/view", "", "p:7").status());
        assertEquals(413, context.request("POST", "/view", "a:1 0\n".repeat(12_000), "p:7").status());
        assertEquals(404, context.request("GET", "/other", "", null).status());
        assertEquals(405, context.request("POST", "/status", "", null).status());
        assertEquals(List.of("joined a:1", "joined b:2"), context.upcalls);
        assertTrue(status().contains("\"refused\":4"));
    }

    @Test
    public void statusShowsTheViewAndSettings() {
        started();
        String status = status();
        assertTrue(status, status.startsWith("{\"module\":\"io.grapevine.membership\",\"version\":\"1.0.0\","
                + "\"self\":\"me:1\",\"view\":[{\"member\":\"a:1\",\"age\":0},{\"member\":\"b:2\",\"age\":0}]"));
        assertTrue(status, status.contains("\"settings\":{\"interval.ms\":1000,\"view.size\":30,\"max.age\":8}"));
    }

    @Test
    public void theViewCrossesToTheNextVersionWithoutNewUpcalls() {
        MembershipModule old = started();
        context.request("POST", "/view", "p:7 0\n", "p:7");
        String state = old.transferState();
        old.stop();

        MembershipModule next = new MembershipModule(FAST, "me:1", "1.0.1", () -> now);
        next.acceptState(state);
        FakeContext nextContext = new FakeContext(Settings.PID);
        next.start(nextContext);
        assertEquals(new HashSet<>(List.of("a:1", "b:2", "p:7")), new HashSet<>(next.layer().view()));
        assertEquals(List.of(), nextContext.upcalls);
    }

    @Test
    public void garbageStateStartsFromTheCoresPeers() {
        MembershipModule module = new MembershipModule(FAST, "me:1", "1.0.0", () -> now);
        module.acceptState("not a view at all");
        context.peers.add("a:1");
        module.start(context);
        assertEquals(List.of("a:1"), module.layer().view());
    }

    @Test
    public void aRefusedProvideIsShownAndTheModuleRunsOn() {
        context.refused.add(PeerSampling.class);
        started();
        assertTrue(context.provided.containsKey(Membership.class));
        assertTrue(status(), status().contains("PeerSampling not provided: PeerSampling is provided by module"));
        round();
        assertEquals(1, context.exchanges.size());
    }

    @Test
    public void aListenerThatThrowsHurtsNoOtherListener() {
        MembershipModule module = started();
        module.layer().addListener(new io.grapevine.api.layer.MembershipListener() {
            @Override
            public void joined(String member) {
                throw new IllegalStateException("bad listener");
            }

            @Override
            public void left(String member) {
            }
        });
        context.request("POST", "/view", "", "p:7");
        assertTrue(context.upcalls.contains("joined p:7"));
        assertTrue(status().contains("\"listenerFailures\":1"));
    }

    @Test
    public void theBundleIsNamedAsTheModuleExportsNothingAndImportsOnlyTheApi() throws Exception {
        BuiltBundle bundle = BuiltBundle.of(MembershipModule.class);
        bundle.assertIsolatedModule(Settings.PID, "1.0.0");
        String component = bundle.resource("OSGI-INF/" + Settings.PID + ".xml");
        assertTrue("immediate, so DS never deactivates it under the core", component.contains("immediate=\"true\""));
    }

    private String status() {
        ModuleResponse response = context.request("GET", "/status", "", null);
        assertEquals("application/json", response.contentType());
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
