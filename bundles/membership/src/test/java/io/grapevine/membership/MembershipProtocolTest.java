package io.grapevine.membership;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class MembershipProtocolTest {
    private static final Settings SMALL = new Settings(1000, 3, 4, List.of());

    private static MembershipProtocol node(List<Entry> restored) {
        return new MembershipProtocol("me:1", SMALL, new Random(1), 0, restored);
    }

    @Test
    public void aRoundSendsItselfAtAgeZeroAndTheAgedViewToAMember() {
        MembershipProtocol node = node(List.of());
        node.bootstrap(List.of("a:1", "me:1"));
        assertEquals(List.of("a:1"), node.members());
        MembershipProtocol.Outgoing out = node.tick(1000, List.of()).orElseThrow();
        assertEquals("a:1", out.peer());
        assertEquals(List.of(new Entry("me:1", 0), new Entry("a:1", 1)), out.view());
        assertTrue("one interval after a random first round", node.nextWakeup() > 1000 && node.nextWakeup() <= 2000);
        assertTrue(node.tick(node.nextWakeup() - 1, List.of()).isEmpty());
    }

    @Test
    public void mergingKeepsTheYoungestCopyAndAtMostViewSizeMembersNeverSelf() {
        MembershipProtocol node = node(List.of(new Entry("a:1", 3)));
        List<Entry> answer = node.receive("b:2", List.of(new Entry("b:2", 0), new Entry("a:1", 0),
                new Entry("me:1", 0), new Entry("c:3", 2), new Entry("d:4", 1), new Entry("e:5", 2)));
        assertEquals("the answer is the view before merging", List.of(new Entry("me:1", 0), new Entry("a:1", 3)),
                answer);
        assertEquals(3, node.members().size());
        assertFalse(node.members().contains("me:1"));
        for (Entry entry : node.entries()) {
            if (entry.member().equals("a:1")) {
                assertEquals("one hop older than the youngest copy", 1, entry.age());
            }
        }
    }

    @Test
    public void entriesOlderThanMaxAgeLeaveAndAreNotTakenBack() {
        MembershipProtocol node = node(List.of(new Entry("a:1", 3), new Entry("b:2", 0)));
        node.tick(1000, List.of());
        node.tick(2000, List.of());
        assertEquals(List.of("b:2"), node.members());
        assertEquals(List.of(new MembershipProtocol.Change("a:1", false)), node.pollChanges());
        node.replied("b:2", List.of(new Entry("a:1", 4)));
        assertEquals(List.of("b:2"), node.members());
    }

    @Test
    public void aMemberThatFailedComesBackOnlyWithNewsFresherThanTheFailure() {
        MembershipProtocol node = node(List.of(new Entry("a:1", 0), new Entry("b:2", 0)));
        node.failed("a:1");
        assertEquals(List.of(new MembershipProtocol.Change("a:1", false)), node.pollChanges());
        node.replied("b:2", List.of(new Entry("a:1", 0)));
        assertEquals("a stale copy stays out", List.of("b:2"), node.members());
        node.tick(1000, List.of());
        node.tick(2000, List.of());
        node.replied("b:2", List.of(new Entry("a:1", 0)));
        assertFalse("a copy one hop old may predate a failure two rounds ago", node.members().contains("a:1"));
        node.tick(3000, List.of());
        node.replied("b:2", List.of(new Entry("a:1", 0)));
        assertTrue("news after the failure brings it back", node.members().contains("a:1"));
        node.failed("b:2");
        node.receive("b:2", List.of());
        assertTrue("a message from the member itself brings it back at once", node.members().contains("b:2"));
    }

    @Test
    public void changesAreReportedInOrderAndRestoredMembersAreNotAnnouncedAgain() {
        MembershipProtocol node = node(List.of(new Entry("a:1", 0)));
        assertEquals(List.of(), node.pollChanges());
        node.receive("b:2", List.of());
        assertEquals(List.of(new MembershipProtocol.Change("b:2", true)), node.pollChanges());
        assertEquals(List.of(), node.pollChanges());
    }

    @Test
    public void anEmptyViewStartsAgainFromTheHints() {
        MembershipProtocol node = node(List.of());
        assertTrue(node.tick(0, List.of()).isEmpty());
        assertEquals("h:9", node.tick(1000, List.of("h:9")).orElseThrow().peer());
        List<String> joined = new ArrayList<>();
        node.pollChanges().forEach(change -> joined.add(change.member()));
        assertEquals(List.of("h:9"), joined);
    }
}
