package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.Test;

public class NodeOptionsTest {

    @Test
    public void noArgumentsGiveTheDefaults() throws Exception {
        NodeOptions options = NodeOptions.parse(new String[0], new Properties(), Map.of());
        assertEquals(8080, options.port());
        assertEquals(Path.of("data"), options.data());
        assertEquals("127.0.0.1:8080", options.address());
        assertEquals("listens on --host's address, not on all", "127.0.0.1", options.bind());
        assertNull(options.nodeId());
        assertNull(options.adminPassword());
        assertFalse(options.shell());
    }

    @Test
    public void commandLineBeatsEnvironmentBeatsFile() throws Exception {
        Properties file = new Properties();
        file.setProperty("port", "9000");
        file.setProperty("admin.password", "from-file");
        file.setProperty("rendezvous", "a:1");
        NodeOptions fileOnly = NodeOptions.parse(new String[0], file, Map.of());
        assertEquals(9000, fileOnly.port());
        assertEquals("from-file", fileOnly.adminPassword());
        NodeOptions env = NodeOptions.parse(new String[0], file, Map.of("GRAPEVINE_ADMIN_PASSWORD", "from-env"));
        assertEquals("from-env", env.adminPassword());
        NodeOptions cli = NodeOptions.parse(new String[] {"--port=9100", "--admin-password", "from-cli",
            "--rendezvous", "b:2,c:3", "--shell", "--node-id", "n.1"}, file,
                Map.of("GRAPEVINE_ADMIN_PASSWORD", "from-env"));
        assertEquals(9100, cli.port());
        assertEquals("from-cli", cli.adminPassword());
        assertEquals("b:2,c:3", cli.rendezvous());
        assertEquals("n.1", cli.nodeId());
        assertTrue(cli.shell());
    }

    @Test
    public void bindDefaultsToTheHostAndTakesOnlyAddressesOfThisMachine() throws Exception {
        assertEquals("127.0.0.1", parse("--host", "localhost").bind());
        assertEquals("127.0.0.1", parse("--host", "127.0.0.1").bind());
        assertEquals("0.0.0.0", parse("--host", "gossip.example.org", "--bind", "0.0.0.0").bind());
        assertEquals("127.0.0.1", parse("--bind=127.0.0.1").bind());
        Properties file = new Properties();
        file.setProperty("bind", "0.0.0.0");
        assertEquals("0.0.0.0", NodeOptions.parse(new String[0], file, Map.of()).bind());
        UsageException foreign = assertThrows(UsageException.class, () -> parse("--host", "192.0.2.7"));
        assertTrue(foreign.getMessage(), foreign.getMessage().contains("--bind"));
        assertThrows(UsageException.class, () -> parse("--bind", "192.0.2.7"));
    }

    @Test
    public void badOptionsSayWhatIsWrong() {
        String[][] cases = {{"--port", "0"}, {"--port", "x"}, {"--bogus"}, {"--port"}, {"--rendezvous", "nohost"},
            {"--node-id", "has space"}, {"--host", "a b"}, {"--bind", "no such host.invalid"}};
        for (String[] args : cases) {
            UsageException e = assertThrows(String.join(" ", args), UsageException.class,
                    () -> NodeOptions.parse(args, new Properties(), Map.of()));
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    private static NodeOptions parse(String... args) throws UsageException {
        return NodeOptions.parse(args, new Properties(), Map.of());
    }
}
