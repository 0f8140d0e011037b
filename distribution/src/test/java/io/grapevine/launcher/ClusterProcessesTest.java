package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ClusterProcessesTest {
    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aNodeIsAProcessWithTheLauncherMainAsOneOfItsWords() {
        assertTrue(ClusterProcesses.isNodeCommandLine("/usr/bin/java -Dgrapevine.home=/opt/g -cp /opt/g/lib/*"
                + " io.grapevine.launcher.Main --port 18700"));
        assertTrue(ClusterProcesses.isNodeCommandLine("java\0-cp\0lib/*\0io.grapevine.launcher.Main\0"));
        assertFalse(ClusterProcesses.isNodeCommandLine("java -cp lib/* io.grapevine.launcher.Cluster stop"));
        assertFalse(ClusterProcesses.isNodeCommandLine("vim io.grapevine.launcher.Main.java"));
        assertFalse(ClusterProcesses.isNodeCommandLine(""));
        assertFalse(ClusterProcesses.isNodeCommandLine(null));
    }

    @Test
    public void thisTestIsNotANode() {
        assertFalse(ClusterProcesses.runsANode(ProcessHandle.current()));
    }

    @Test
    public void javaOptsGetTheExtraOptionsAtTheEnd() {
        Map<String, String> env = Map.of("JAVA_OPTS", " -Xmx64m ", "GRAPEVINE_ADMIN_PASSWORD", "x");
        assertEquals("-Xmx64m -Dgrapevine.history.limit=5",
                ClusterProcesses.environment(env, "-Dgrapevine.history.limit=5").get("JAVA_OPTS"));
        assertEquals("x", ClusterProcesses.environment(env, "-Da=b").get("GRAPEVINE_ADMIN_PASSWORD"));
        assertEquals(" -Xmx64m ", ClusterProcesses.environment(env, "").get("JAVA_OPTS"));
        assertEquals("-Da=b", ClusterProcesses.environment(Map.of(), "-Da=b").get("JAVA_OPTS"));
        assertFalse(ClusterProcesses.environment(Map.of(), "").containsKey("JAVA_OPTS"));
    }

    @Test
    public void theTailIsTheLastNonBlankLines() throws Exception {
        Path log = folder.getRoot().toPath().resolve("node.log");
        Files.writeString(log, "one\ntwo\n\nthree\nfour\nfive\nsix  \n\n");
        assertEquals(List.of("two", "three", "four", "five", "six"), ClusterProcesses.tail(log, 5));
        assertEquals(List.of("six"), ClusterProcesses.tail(log, 1));
        assertEquals(List.of(), ClusterProcesses.tail(folder.getRoot().toPath().resolve("none.log"), 5));
    }

    @Test
    public void theTailStopsAtTheHeaderOfTheLastStart() throws Exception {
        Path log = folder.getRoot().toPath().resolve("node.log");
        Files.writeString(log, "---- 2026-01-01T00:00:00Z grapevine-cluster starts node-0: a\nold 1\nold 2\n"
                + "---- 2026-01-02T00:00:00Z grapevine-cluster starts node-0: b\nnew 1\n");
        assertEquals(List.of("---- 2026-01-02T00:00:00Z grapevine-cluster starts node-0: b", "new 1"),
                ClusterProcesses.tail(log, 5));
    }

    @Test
    public void theTailOfALongLogReadsOnlyItsEnd() throws Exception {
        Path log = folder.getRoot().toPath().resolve("node.log");
        Files.writeString(log, IntStream.range(0, 100_000).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n")));
        assertEquals(List.of("line 99997", "line 99998", "line 99999"), ClusterProcesses.tail(log, 3));
    }
}
