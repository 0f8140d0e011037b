package io.grapevine.cyclon;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

public class CyclonProtocolTest {
    private static final Settings SMALL = new Settings(1000, 4, 3, List.of());

    private static CyclonProtocol node(List<Entry> restored) {
        return new CyclonProtocol("me:1", SMALL, new Random(1), 0, restored);
    }

    @Test
    public void aShuffleGoesToTheOldestNeighbourWhichLeavesTheCache() {
        CyclonProtocol node = node(List.of(new Entry("a:1", 1), new Entry("old:9", 7), new Entry("b:2", 0),
                new Entry("c:3", 2)));
        CyclonProtocol.Outgoing out = node.tick(1000, List.of()).orElseThrow();
        assertEquals("old:9", out.peer());
        assertEquals(new Entry("me:1", 0), out.subset().get(0));
        assertEquals("l - 1 others, one round older", 3, out.subset().size());
        for (Entry entry : out.subset().subList(1, 3)) {
            assertTrue(entry.toString(), Set.of("a:1 2", "b:2 1", "c:3 3").contains(entry.member() + " " + entry.age()));
        }
        assertFalse(node.members().contains("old:9"));
        node.failed("old:9");
        assertEquals(3, node.members().size());
    }

    @Test
    public void theAnswerFillsFreeSlotsFirstThenReplacesWhatWasSent() {
        CyclonProtocol node = node(List.of(new Entry("a:1", 1), new Entry("b:2", 1), new Entry("c:3", 1),
                new Entry("q:9", 5)));
        CyclonProtocol.Outgoing out = node.tick(1000, List.of()).orElseThrow();
        Set<String> sent = new HashSet<>();
        out.subset().subList(1, out.subset().size()).forEach(e -> sent.add(e.member()));
        node.replied("q:9", List.of(new Entry("x:7", 0), new Entry("me:1", 0), new Entry("a:1", 0),
                new Entry("y:8", 3), new Entry("z:9", 0)));
        List<String> members = node.members();
        assertEquals(4, members.size());
        assertTrue("x:7 took q:9's free slot", members.contains("x:7"));
        assertTrue("y:8 and z:9 replaced the sent entries", members.containsAll(List.of("y:8", "z:9")));
        assertFalse("itself never", members.contains("me:1"));
        assertTrue("the two sent entries made room", sent.stream().noneMatch(members::contains));
    }

    @Test
    public void theReceiverAnswersWithLNeighboursAndTakesTheShuffleInTheirPlace() {
        CyclonProtocol node = node(List.of(new Entry("a:1", 1), new Entry("b:2", 1), new Entry("c:3", 1),
                new Entry("d:4", 1)));
        List<Entry> answer = node.receive("p:5", List.of(new Entry("p:5", 0), new Entry("e:6", 2)));
        assertEquals(3, answer.size());
        List<String> members = node.members();
        assertEquals(4, members.size());
        assertTrue(members.containsAll(List.of("p:5", "e:6")));
        assertTrue(answer.stream().noneMatch(e -> e.member().equals("p:5")));
    }

    @Test
    public void anEmptyCacheStartsFromTheHints() {
        CyclonProtocol node = node(List.of());
        node.bootstrap(List.of("h:1", "me:1"));
        assertEquals(List.of("h:1"), node.members());
        CyclonProtocol.Outgoing out = node.tick(1000, List.of()).orElseThrow();
        assertEquals("h:1", out.peer());
        assertEquals(List.of(new Entry("me:1", 0)), out.subset());
        assertTrue(node.members().isEmpty());
        assertEquals("h:2", node.tick(2000, List.of("h:2")).orElseThrow().peer());
    }
}
