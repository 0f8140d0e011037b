package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.Test;

public class ClusterArgumentsTest {

    private static ClusterArguments parse(String... args) throws UsageException {
        return ClusterArguments.parse(args);
    }

    private static String refusal(String... args) {
        return assertThrows(UsageException.class, () -> ClusterArguments.parse(args)).getMessage();
    }

    @Test
    public void startHasTheDocumentedDefaults() throws Exception {
        ClusterArguments start = parse("start");
        assertEquals("start", start.command());
        assertEquals(5, start.nodes());
        assertEquals(1, start.rendezvous());
        assertEquals(8080, start.basePort());
        assertEquals(Path.of("cluster"), start.dir());
        assertEquals(Duration.ofSeconds(120), start.timeout());
        assertEquals("", start.javaOpts());
        assertFalse(start.json());
        assertFalse(start.help());
    }

    @Test
    public void startTakesTheCountAndEveryOptionInEitherSpellingAndOrder() throws Exception {
        ClusterArguments start = parse("--dir", "/tmp/c", "start", "--rendezvous=3", "7", "--base-port", "18700",
                "--timeout", "30", "--java-opts", "-Xmx64m -Dgrapevine.history.limit=5");
        assertEquals(7, start.nodes());
        assertEquals(3, start.rendezvous());
        assertEquals(18700, start.basePort());
        assertEquals(Path.of("/tmp/c"), start.dir());
        assertEquals(Duration.ofSeconds(30), start.timeout());
        assertEquals("-Xmx64m -Dgrapevine.history.limit=5", start.javaOpts());
    }

    @Test
    public void statusTakesJsonAndStopTakesTheFolder() throws Exception {
        ClusterArguments status = parse("status", "--json", "--dir=d");
        assertEquals("status", status.command());
        assertTrue(status.json());
        assertEquals(Path.of("d"), status.dir());
        assertEquals(Path.of("x"), parse("stop", "--dir", "x").dir());
    }

    @Test
    public void restartTakesTheNodeAsStatusNamesItOrItsIndex() throws Exception {
        ClusterArguments restart = parse("restart", "node-3", "--dir", "d", "--timeout", "30");
        assertEquals("restart", restart.command());
        assertEquals(3, restart.node());
        assertEquals(Path.of("d"), restart.dir());
        assertEquals(Duration.ofSeconds(30), restart.timeout());
        assertEquals(12, parse("restart", "12").node());
        assertEquals(-1, parse("start", "3").node());
    }

    @Test
    public void helpWinsOverEverythingElse() throws Exception {
        assertTrue(parse("--help").help());
        assertTrue(parse("start", "nonsense", "-h").help());
        assertTrue(ClusterArguments.USAGE.contains("--rendezvous K"));
    }

    @Test
    public void badCommandLinesAreRefusedInOneLine() {
        assertEquals("no command given (see --help)", refusal());
        assertEquals("unknown command 'launch' (see --help)", refusal("launch"));
        assertEquals("unknown option '--nodes' (see --help)", refusal("start", "--nodes", "3"));
        assertEquals("option --base-port needs a value", refusal("start", "--base-port"));
        assertEquals("option --json takes no value", refusal("status", "--json=yes"));
        assertEquals("option --base-port does not apply to stop (see --help)", refusal("stop", "--base-port", "1"));
        assertEquals("option --json does not apply to start (see --help)", refusal("start", "--json"));
        assertEquals("too many arguments for status: '3'", refusal("status", "3"));
        assertEquals("too many arguments for start: '4'", refusal("start", "3", "4"));
        assertEquals("option --dir needs a folder", refusal("stop", "--dir", " "));
        assertEquals("restart needs the node to restart, e.g. grapevine-cluster restart node-0", refusal("restart"));
        assertEquals("too many arguments for restart: 'node-2'", refusal("restart", "node-1", "node-2"));
        assertEquals("option --base-port does not apply to restart (see --help)",
                refusal("restart", "node-1", "--base-port", "9000"));
        for (String node : new String[] {"node1", "node-01", "-1", "node-x", "n-1"}) {
            assertEquals("bad node '" + node + "': expected node-<i> as status shows it, e.g. node-0",
                    refusal("restart", node));
        }
        for (String[] args : new String[][] {{"start", "0"}, {"start", "101"}, {"start", "five"},
            {"start", "--base-port", "0"}, {"start", "--base-port", "65536"}, {"start", "--timeout", "0"},
            {"start", "--rendezvous", "0"}}) {
            String message = refusal(args);
            assertTrue(message, message.startsWith("bad ") && message.contains("expected a number from"));
            assertFalse(message, message.contains("\n"));
        }
    }

    @Test
    public void theRendezvousAndThePortsMustFitTheNodes() {
        assertEquals("--rendezvous 4 is more than the 3 nodes started", refusal("start", "3", "--rendezvous", "4"));
        assertEquals("--base-port 65534 leaves no room for 3 nodes: the last port would be 65536, above 65535",
                refusal("start", "3", "--base-port", "65534"));
    }

    @Test
    public void theLastPortMayBe65535() throws Exception {
        assertEquals(65533, parse("start", "3", "--base-port", "65533").basePort());
    }
}
