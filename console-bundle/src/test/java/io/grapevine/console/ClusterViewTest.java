package io.grapevine.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.grapevine.console.ClusterView.Standing;
import io.grapevine.core.admin.NodeStatus;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class ClusterViewTest {
    private static final String D1 = "1795276375499-0-node.0";
    private static final String D2 = "1795276465670-0-node.1";
    private static final String D3 = "1795276465670-1-node.0";

    private static NodeStatus.Member member(String address, String deployment, String state) {
        return new NodeStatus.Member(address, deployment, state, 1000);
    }

    private static ClusterView view(String deployment, NodeStatus.Member... roster) {
        int size = (int) Arrays.stream(roster).filter(m -> !m.state().equals("left")).count();
        return ClusterView.of(new NodeStatus("node.0", roster[0].address(), 1, deployment, List.of(), List.of(), List.of(),
                size, List.of(roster)));
    }

    @Test
    public void nodesOnTheDeploymentBehindItAndDownAddUpToTheClusterAndNodesThatLeftAreNotCounted() {
        ClusterView view = view(D2, member("a:1", D2, "alive"), member("d:1", D2, "suspect"), member("b:1", D1, "alive"),
                member("c:1", null, "alive"), member("e:1", D2, "down"), member("f:1", D1, "left"));

        assertEquals(5, view.size());
        assertEquals(2, view.on());
        assertEquals(2, view.behind());
        assertEquals(1, view.down());
        assertEquals(view.size(), view.on() + view.behind() + view.down());
        assertEquals("2/5 nodes on " + D2, view.summary());
        assertEquals("2 on it, 2 behind, 1 down; 1 left, not counted", view.breakdown());
        assertEquals(40.0, view.percent(view.on()), 1e-9);
        assertEquals(List.of("f:1"), view.left().stream().map(ClusterView.Row::address).toList());
        assertEquals(Standing.LEFT, view.left().get(0).standing());
    }

    @Test
    public void aDownNodeCountsAsNotOnTheDeploymentEvenIfItRanItLast() {
        ClusterView view = view(D2, member("a:1", D2, "alive"), member("b:1", D2, "down"));

        assertEquals("1/2 nodes on " + D2, view.summary());
        assertEquals(Standing.DOWN, view.members().get(1).standing());
        assertEquals(50.0, view.percent(view.down()), 1e-9);
    }

    @Test
    public void thisNodeComesFirstThenTheOthersByAddress() {
        ClusterView view = view(D2, member("m:1", D2, "alive"), member("z:1", D2, "alive"), member("b:1", D1, "alive"),
                member("k:1", D2, "down"));

        assertEquals(List.of("m:1", "b:1", "k:1", "z:1"), view.members().stream().map(ClusterView.Row::address).toList());
        assertTrue(view.members().get(0).self());
        assertFalse(view.members().get(1).self());
    }

    @Test
    public void aLaterDeploymentCountsAsOnItAnEarlierOneOrNoneDoesNot() {
        assertTrue(ClusterView.reached(D2, D2));
        assertTrue("later by time", ClusterView.reached(D2, D1));
        assertTrue("later by counter", ClusterView.reached(D3, D2));
        assertTrue("later by node id", ClusterView.reached("1795276465670-0-node.2", D2));
        assertFalse(ClusterView.reached(D1, D2));
        assertFalse(ClusterView.reached(null, D2));
        assertTrue("no deployment here: every node has reached none", ClusterView.reached(D1, null));
        assertFalse("a number that does not parse reaches only itself", ClusterView.reached("junk", D2));
        assertTrue(ClusterView.reached("junk", "junk"));
    }

    @Test
    public void aStatusWithoutARosterIsThisNodeAlone() {
        ClusterView view = ClusterView.of(new NodeStatus("node.0", "127.0.0.1:8080", 1, D1, List.of(), List.of(),
                List.of(new NodeStatus.Hint("127.0.0.1:8081", D1, 5L))));

        assertEquals("1/1 nodes on " + D1, view.summary());
        assertEquals(List.of(new ClusterView.Row("127.0.0.1:8080", D1, "alive", 0, true, Standing.ON)), view.members());
    }

    @Test
    public void withoutADeploymentTheSummarySaysNone() {
        assertEquals("1/1 nodes on (none)", view(null, member("a:1", null, "alive")).summary());
    }

    @Test
    public void aNodeWhoseCoreWasRevertedSaysSoInItsRowInWarningStyle() {
        ClusterView view = view(D2, member("a:1", D2, "alive"),
                new NodeStatus.Member("b:1", D2, "alive", 1000, "reverted 0123456789ab"), member("c:1", D2, "alive"));
        StringBuilder page = new StringBuilder();
        ClusterTable.render(page, view);
        assertTrue(page.toString(), page.toString().contains(
                "alive; <span class='grapevine-warning grapevine-core-reverted'>core reverted 0123456789ab</span>"));
        assertEquals(1, page.toString().split("grapevine-core-reverted", -1).length - 1);
    }
}
