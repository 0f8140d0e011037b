package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class ClusterTextTest {
    private static final ClusterLayout LAYOUT = new ClusterLayout(Path.of("/tmp/cluster"), 18700, 4, 1);

    private static final String NODE_0 = """
            {"nodeId":"node.0","address":"127.0.0.1:18700","uptimeMs":5000,
             "deployment":"1795000000000-2-node.0",
             "modules":[
              {"name":"io.grapevine.example.counter","version":"2.0.0","sha256":"ab",
               "deployment":"1795000000000-2-node.0","state":"running","reason":null},
              {"name":"io.grapevine.broken","version":"0.1.0","sha256":"cd",
               "deployment":"1795000000000-1-node.0","state":"failed","reason":"boom"}],
             "rendezvous":["127.0.0.1:18700"],"hints":[]}
            """;
    private static final String NODE_1_FRESH = """
            {"nodeId":"node.1","address":"127.0.0.1:18701","uptimeMs":4000,"deployment":null,
             "modules":[],"rendezvous":["127.0.0.1:18700"]}
            """;

    private static List<ClusterStatus> sample() {
        return List.of(new ClusterStatus(LAYOUT.node(0), 1234L, true, NODE_0),
                new ClusterStatus(LAYOUT.node(1), 1235L, true, NODE_1_FRESH),
                new ClusterStatus(LAYOUT.node(2), 1236L, false, null),
                new ClusterStatus(new ClusterNode(3, 0, LAYOUT.dir().resolve("node-3")), null, false, null));
    }

    @Test
    public void theTableHasOneAlignedRowPerNodeAndSaysDownForTheSilentOnes() {
        assertEquals("""
                NODE    PORT   PID          STATE  DEPLOYMENT              MODULES
                node-0  18700  1234         up     1795000000000-2-node.0  \
                io.grapevine.example.counter@2.0.0(running),io.grapevine.broken@0.1.0(failed)
                node-1  18701  1235         up     -                       -
                node-2  18702  1236 (gone)  down   -                       -
                node-3  -      -            down   -                       -
                """, ClusterText.table(sample()));
    }

    @Test
    public void theSummaryCountsNodesUpAndTheDistinctDeploymentsAmongThem() {
        assertEquals("2/4 nodes up, 1 deployment in use, 1 node with none yet\n", ClusterText.summary(sample()));

        String other = NODE_0.replace("1795000000000-2-node.0\",\n \"modules", "1795000000000-3-node.2\",\n \"modules");
        List<ClusterStatus> split = List.of(new ClusterStatus(LAYOUT.node(0), 1L, true, NODE_0),
                new ClusterStatus(LAYOUT.node(1), 2L, true, NODE_0),
                new ClusterStatus(LAYOUT.node(2), 3L, true, other),
                new ClusterStatus(LAYOUT.node(3), 4L, true, null));
        assertEquals("3/4 nodes up, 2 deployments in use\n", ClusterText.summary(split));

        assertEquals("1/1 nodes up, 0 deployments in use\n",
                ClusterText.summary(List.of(new ClusterStatus(LAYOUT.node(1), 2L, true, NODE_1_FRESH))));
    }

    @Test
    public void oddAnswersPrintAsDashes() {
        List<ClusterStatus> odd = List.of(new ClusterStatus(LAYOUT.node(0), 1L, true, "not json"),
                new ClusterStatus(LAYOUT.node(1), 2L, true, "{\"modules\":[{\"name\":\"m\"}, 3]}"));
        assertEquals("""
                NODE    PORT   PID  STATE  DEPLOYMENT  MODULES
                node-0  18700  1    up     -           -
                node-1  18701  2    up     -           m@-(-)
                """, ClusterText.table(odd));
    }

    @Test
    public void theJsonIsTheNodesStatusWithNodePortPidAndUpAddedFirst() {
        JsonArray array = JsonParser.parseString(ClusterText.json(sample())).getAsJsonArray();

        assertEquals(4, array.size());
        JsonObject first = array.get(0).getAsJsonObject();
        assertEquals(List.of("node", "port", "pid", "alive", "up", "nodeId", "address", "uptimeMs", "deployment",
                "modules", "rendezvous", "hints"), List.copyOf(first.keySet()));
        assertEquals("node-0", first.get("node").getAsString());
        assertEquals(18700, first.get("port").getAsInt());
        assertEquals(1234, first.get("pid").getAsLong());
        assertTrue(first.get("up").getAsBoolean());
        assertEquals("1795000000000-2-node.0", first.get("deployment").getAsString());
        assertEquals("failed", first.getAsJsonArray("modules").get(1).getAsJsonObject().get("state").getAsString());

        JsonObject down = array.get(2).getAsJsonObject();
        assertEquals(List.of("node", "port", "pid", "alive", "up"), List.copyOf(down.keySet()));
        assertFalse(down.get("alive").getAsBoolean());
        assertFalse(down.get("up").getAsBoolean());
        assertTrue(array.get(3).getAsJsonObject().get("port").isJsonNull());
        assertTrue(array.get(3).getAsJsonObject().get("pid").isJsonNull());
    }

    @Test
    public void theStartedNodesAreOneLineEach() {
        Map<ClusterNode, Long> pids = new LinkedHashMap<>();
        pids.put(LAYOUT.node(0), 1234L);
        pids.put(LAYOUT.node(1), 98765L);
        assertEquals("""
                node-0  http://127.0.0.1:18700  pid 1234
                node-1  http://127.0.0.1:18701  pid 98765
                """, ClusterText.started(pids, Set.of()));
        assertEquals("""
                node-0  http://127.0.0.1:18700  pid 1234   (already running)
                node-1  http://127.0.0.1:18701  pid 98765
                """, ClusterText.started(pids, Set.of(LAYOUT.node(0))));
    }
}
