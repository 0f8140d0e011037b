package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ClusterLayoutTest {
    /** What bin/grapevine accepts as a node id (NodeOptions). */
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:]{1,64}");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void nodeIListensOnBasePortPlusIWithItsOwnNamesAndFiles() {
        Path dir = folder.getRoot().toPath();
        ClusterLayout layout = new ClusterLayout(dir, 18700, 3, 1);
        List<ClusterNode> nodes = layout.all();

        assertEquals(3, nodes.size());
        ClusterNode last = nodes.get(2);
        assertEquals(2, last.index());
        assertEquals(18702, last.port());
        assertEquals("node-2", last.name());
        assertEquals("node.2", last.nodeId());
        assertEquals("http://127.0.0.1:18702", last.url());
        assertEquals(dir.resolve("node-2"), last.folder());
        assertEquals(dir.resolve("node-2/data"), last.data());
        assertEquals(dir.resolve("node-2/node.log"), last.log());
        assertEquals(dir.resolve("node-2/pid"), last.pidFile());
        nodes.forEach(node -> assertTrue(node.nodeId(), NODE_ID.matcher(node.nodeId()).matches()));
        assertTrue(NODE_ID.matcher(new ClusterLayout(dir, 1, 100, 1).node(99).nodeId()).matches());
    }

    @Test
    public void theFirstKNodesAreTheRendezvousOfAll() {
        Path dir = folder.getRoot().toPath();
        assertEquals("127.0.0.1:8080", new ClusterLayout(dir, 8080, 5, 1).rendezvousList());
        assertEquals("127.0.0.1:18700,127.0.0.1:18701,127.0.0.1:18702",
                new ClusterLayout(dir, 18700, 5, 3).rendezvousList());
        assertEquals("127.0.0.1:9000,127.0.0.1:9001", new ClusterLayout(dir, 9000, 2, 2).rendezvousList());
    }

    @Test
    public void everyNodeIsStartedWithItsPortDataIdAndTheSameRendezvous() {
        Path dir = folder.getRoot().toPath();
        Path home = Path.of("/opt/grapevine");
        ClusterLayout layout = new ClusterLayout(dir, 18700, 3, 2);

        assertEquals(List.of("/opt/grapevine/bin/grapevine", "--port", "18701", "--data",
                dir.resolve("node-1/data").toString(), "--node-id", "node.1",
                "--rendezvous", "127.0.0.1:18700,127.0.0.1:18701", "--trust", dir.resolve("trust.json").toString(),
                "--deployer-key", dir.resolve("deployer.key").toString(), "--cluster-key",
                dir.resolve("cluster.key").toString()), layout.command(home, layout.node(1)));
    }

    @Test
    public void aRelativeFolderBecomesAbsolute() {
        ClusterLayout layout = new ClusterLayout(Path.of("cluster"), 8080, 1, 1);
        assertTrue(layout.dir().isAbsolute());
        assertTrue(layout.node(0).data().isAbsolute());
    }

    @Test
    public void existingNodeFoldersAreFoundByIndexWithTheirPorts() throws Exception {
        Path dir = folder.getRoot().toPath();
        ClusterLayout layout = new ClusterLayout(dir, 18700, 11, 1);
        for (int index : new int[] {10, 2, 0}) {
            Files.createDirectories(layout.node(index).data());
            ClusterLayout.writeProperties(layout.node(index), new ClusterLayout.Settings(layout.rendezvousList(), ""));
        }
        Files.createDirectories(dir.resolve("node-3"));      // no node.properties: port unknown
        Files.createDirectories(dir.resolve("node-01"));     // not a name the tool makes
        Files.createDirectories(dir.resolve("other"));
        Files.writeString(dir.resolve("node-4"), "a file, not a folder");

        List<ClusterNode> found = ClusterLayout.existing(dir);

        assertEquals(List.of(layout.node(0), layout.node(2), new ClusterNode(3, 0, dir.resolve("node-3")),
                layout.node(10)), found);
        assertEquals(List.of(), ClusterLayout.existing(dir.resolve("missing")));
    }

    @Test
    public void theSettingsOfTheLastStartAreReadBackAsWritten() throws Exception {
        ClusterLayout layout = new ClusterLayout(folder.getRoot().toPath(), 18700, 3, 2);
        ClusterNode node = layout.node(2);
        Files.createDirectories(node.folder());
        assertNull("no node.properties", ClusterLayout.readSettings(node));

        ClusterLayout.Settings settings = new ClusterLayout.Settings(layout.rendezvousList(),
                "-Dgrapevine.history.limit=5 -Dpath=C:\\odd\\path -Dx=a=b#c");
        ClusterLayout.writeProperties(node, settings);

        assertEquals(settings, ClusterLayout.readSettings(node));
        assertEquals(List.of(node), ClusterLayout.existing(folder.getRoot().toPath()));
    }

    @Test
    public void aNodePropertiesOfAnOlderStartHasNoSettings() throws Exception {
        ClusterNode node = new ClusterLayout(folder.getRoot().toPath(), 18700, 1, 1).node(0);
        Files.createDirectories(node.folder());
        Files.writeString(node.properties(), "port=18700\nnode.id=node.0\n");
        assertNull(ClusterLayout.readSettings(node));
        assertEquals(18700, ClusterLayout.existing(folder.getRoot().toPath()).get(0).port());
    }

    @Test
    public void pidFilesAreReadBackAndGarbageReadsAsNoPid() throws Exception {
        ClusterNode node = new ClusterLayout(folder.getRoot().toPath(), 18700, 1, 1).node(0);
        Files.createDirectories(node.folder());
        assertNull(ClusterLayout.readPid(node));

        ClusterLayout.writePid(node, 4321);
        assertEquals(Long.valueOf(4321), ClusterLayout.readPid(node));

        Files.writeString(node.pidFile(), "not a pid\n");
        assertNull(ClusterLayout.readPid(node));
    }
}
