package io.grapevine.failuredetector;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

public class HeartbeatProtocolTest {
    private static final Settings SETTINGS = new Settings(1000, 5000, List.of());

    private static HeartbeatProtocol node() {
        return new HeartbeatProtocol("me:1", SETTINGS, new Random(1), 0, 100, List.of(), List.of());
    }

    @Test
    public void eachRoundRaisesOurCounterAndSendsTheTableToACandidate() {
        HeartbeatProtocol node = node();
        node.receive(0, List.of(new Heartbeat("a:1", 7)));
        HeartbeatProtocol.Outgoing out = node.tick(1000, () -> List.of("c:3")).orElseThrow();
        assertEquals("c:3", out.peer());
        assertEquals(List.of(new Heartbeat("me:1", 101), new Heartbeat("a:1", 7)), out.table());
        assertEquals("without candidates, a member", "a:1", node.tick(2000, () -> List.of("me:1")).orElseThrow().peer());
        assertEquals(102, node.counter());
    }

    @Test
    public void aMemberSilentForFailMsIsSuspectedAndRecoversWhenItsCounterRises() {
        HeartbeatProtocol node = node();
        node.receive(0, List.of(new Heartbeat("a:1", 7), new Heartbeat("b:2", 3)));
        node.receive(3000, List.of(new Heartbeat("b:2", 4)));
        for (long now : new long[] {1000, 2000, 3000, 4000, 4999}) {
            node.tick(now, () -> List.of());
        }
        assertEquals("wakes for the first suspicion, before the next round", 5000, node.nextWakeup());
        assertEquals(Set.of(), node.suspected());
        node.tick(5000, () -> List.of());
        assertEquals(Set.of("a:1"), node.suspected());
        assertEquals(List.of(new HeartbeatProtocol.Change("a:1", true)), node.pollChanges());

        node.replied(6000, List.of(new Heartbeat("a:1", 7)));
        assertEquals("the same counter is no news", Set.of("a:1"), node.suspected());
        node.replied(6000, List.of(new Heartbeat("a:1", 8)));
        assertEquals(Set.of(), node.suspected());
        assertEquals(List.of(new HeartbeatProtocol.Change("a:1", false)), node.pollChanges());
    }

    @Test
    public void suspectedMembersAreNotGossipedAndSelfIsNeverAMember() {
        HeartbeatProtocol node = node();
        List<Heartbeat> answer = node.receive(0, List.of(new Heartbeat("a:1", 7), new Heartbeat("me:1", 999)));
        assertEquals(List.of(new Heartbeat("me:1", 100), new Heartbeat("a:1", 7)), answer);
        assertEquals(List.of(new Heartbeat("me:1", 100)), node.receive(6000, List.of()));
        assertEquals(Set.of("a:1"), node.suspected());
    }

    @Test
    public void theTableIsBoundedAndTheLongestSuspectedMakesRoom() {
        HeartbeatProtocol node = node();
        node.receive(0, List.of(new Heartbeat("old:1", 1)));
        for (int i = 0; i < HeartbeatProtocol.MAX_MEMBERS; i++) {
            node.receive(6000, List.of(new Heartbeat("10.0." + i / 250 + "." + i % 250 + ":1", 1)));
        }
        assertEquals(HeartbeatProtocol.MAX_MEMBERS, node.members().size());
        assertTrue(node.members().stream().noneMatch(m -> m.member().equals("old:1")));
        node.receive(6001, List.of(new Heartbeat("new:1", 1)));
        assertEquals("no room while nobody is suspected", HeartbeatProtocol.MAX_MEMBERS, node.members().size());
        assertTrue(node.members().stream().noneMatch(m -> m.member().equals("new:1")));
    }

    @Test
    public void aHandedOverTableKeepsSuspicionsAndGivesTheLiveAFreshDeadline() {
        HeartbeatProtocol node = new HeartbeatProtocol("me:1", SETTINGS, new Random(1), 50_000, 100,
                List.of(new Heartbeat("a:1", 7)), List.of(new Heartbeat("b:2", 3)));
        assertEquals(Set.of("b:2"), node.suspected());
        node.tick(54_999, () -> List.of());
        assertEquals(Set.of("b:2"), node.suspected());
        assertEquals(List.of(), node.pollChanges());
        node.receive(55_000, List.of(new Heartbeat("b:2", 3)));
        assertEquals(Set.of("a:1", "b:2"), node.suspected());
    }
}
