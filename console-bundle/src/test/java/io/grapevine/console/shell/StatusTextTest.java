package io.grapevine.console.shell;

import static org.junit.Assert.assertEquals;

import io.grapevine.core.admin.NodeStatus;
import java.util.List;
import org.junit.Test;

public class StatusTextTest {
    private static final String SHA = "a8a7ce2af9d534c943add3916c6dc92e92510f2372a869e57531d4ad1556c9ca";
    private static final String D1 = "1795276375499-0-node.0";
    private static final String D2 = "1795276465670-0-node.1";

    @Test
    public void statusPrintsTheClusterAgainstItsSizeAndEveryNodeOfTheRosterWithItsStateAndWhenHeard() {
        NodeStatus status = new NodeStatus("node.0", "127.0.0.1:8080", 7_530_000, D2,
                List.of(new NodeStatus.ModuleStatus("io.grapevine.example.counter", "2.0.0", SHA, D2, "running", null,
                        "lost", "transferState threw: boom")),
                List.of(), List.of(new NodeStatus.Hint("127.0.0.1:8081", D2, 10L)), 3, List.of(
                        new NodeStatus.Member("127.0.0.1:8080", D2, "alive", 0),
                        new NodeStatus.Member("127.0.0.1:8082", D1, "down", 400_000),
                        new NodeStatus.Member("127.0.0.1:8083", D1, "left", 7_500_000),
                        new NodeStatus.Member("127.0.0.1:8081", D2, "alive", 12_400)));

        assertEquals(String.join("\n",
                "node        node.0",
                "address     127.0.0.1:8080",
                "uptime      2 h 5 min",
                "deployment  " + D2,
                "rendezvous  (none)",
                "module      io.grapevine.example.counter 2.0.0 a8a7ce2af9d5 running (state hand-over lost:"
                        + " transferState threw: boom)",
                "cluster     2/3 nodes on " + D2 + " (2 on it, 0 behind, 1 down; 1 left, not counted)",
                "member      127.0.0.1:8080 (this node)  " + D2 + "  alive              heard now",
                "member      127.0.0.1:8081              " + D2 + "  alive              heard 12 s ago",
                "member      127.0.0.1:8082              " + D1 + "  down               heard 6 min ago",
                "member      127.0.0.1:8083              " + D1 + "  left, not counted  heard 2 h 5 min ago",
                ""), status(status));
    }

    @Test
    public void statusPrintsWhatTheLauncherSaysOfTheCore() {
        NodeStatus status = new NodeStatus("node.0", "127.0.0.1:8080", 1, D2, List.of(), List.of(), List.of(), 1,
                List.of(new NodeStatus.Member("127.0.0.1:8080", D2, "alive", 0)),
                "reverted 3f2a1b4c5d6e no core gossip exchange with a peer within 60 s");
        org.junit.Assert.assertTrue(status(status), status(status).contains(
                "\ncore        reverted 3f2a1b4c5d6e no core gossip exchange with a peer within 60 s\n"));
    }

    private static String status(NodeStatus status) {
        return StatusText.render(status).replace(System.lineSeparator(), "\n");
    }
}
