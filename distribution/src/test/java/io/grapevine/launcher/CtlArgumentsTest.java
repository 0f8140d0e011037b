package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.Test;

public class CtlArgumentsTest {

    @Test
    public void withoutOptionsItTalksToTheLocalNodeForPeople() throws Exception {
        CtlArguments status = CtlArguments.parse(new String[] {"status"});
        assertEquals(URI.create("http://127.0.0.1:8080"), status.node());
        assertFalse(status.json());
        assertFalse(status.help());
        assertEquals("status", status.command());
        assertNull(status.argument());
    }

    @Test
    public void optionsMayComeAnywhereAndHostPortMeansHttp() throws Exception {
        CtlArguments deploy = CtlArguments.parse(new String[] {"deploy", "--json", "counter.jar", "--node",
            "10.0.0.5:9000"});
        assertEquals("deploy", deploy.command());
        assertEquals("counter.jar", deploy.argument());
        assertTrue(deploy.json());
        assertEquals(URI.create("http://10.0.0.5:9000"), deploy.node());

        CtlArguments history = CtlArguments.parse(new String[] {"--node=https://node.example:8443/", "history"});
        assertEquals(URI.create("https://node.example:8443"), history.node());
    }

    @Test
    public void changesWaitSixtySecondsForTheClusterUnlessToldOtherwise() throws Exception {
        CtlArguments deploy = CtlArguments.parse(new String[] {"deploy", "a.jar"});
        assertFalse(deploy.noWait());
        assertEquals(Duration.ofSeconds(60), deploy.timeout());

        assertTrue(CtlArguments.parse(new String[] {"rollback", "--no-wait", "1-0-n"}).noWait());
        assertEquals(Duration.ofSeconds(5), CtlArguments.parse(new String[] {"--timeout", "5", "deploy", "a.jar"}).timeout());
        assertEquals(Duration.ofSeconds(90), CtlArguments.parse(new String[] {"undeploy", "m", "--timeout=90"}).timeout());
        for (String bad : new String[] {"0", "-3", "soon", ""}) {
            UsageException e = assertThrows(UsageException.class,
                    () -> CtlArguments.parse(new String[] {"deploy", "a.jar", "--timeout", bad}));
            assertEquals("bad --timeout '" + bad + "': expected a positive number of seconds", e.getMessage());
        }
        assertThrows(UsageException.class, () -> CtlArguments.parse(new String[] {"deploy", "a.jar", "--timeout"}));
    }

    @Test
    public void doubleDashLetsAnArgumentStartWithADash() throws Exception {
        assertEquals("--odd.jar", CtlArguments.parse(new String[] {"deploy", "--", "--odd.jar"}).argument());
    }

    @Test
    public void helpWinsOverEverythingElse() throws Exception {
        assertTrue(CtlArguments.parse(new String[] {"--help"}).help());
        assertTrue(CtlArguments.parse(new String[] {"-h"}).help());
        assertTrue(CtlArguments.parse(new String[] {"deploy", "--help"}).help());
        assertTrue(CtlArguments.parse(new String[] {"--bogus", "--help"}).help());
    }

    @Test
    public void onlyDeployUndeployAndRollbackChangeTheNode() throws Exception {
        assertTrue(CtlArguments.parse(new String[] {"deploy", "a.jar"}).changesTheNode());
        assertTrue(CtlArguments.parse(new String[] {"undeploy", "io.grapevine.example.counter"}).changesTheNode());
        assertTrue(CtlArguments.parse(new String[] {"rollback", "1795000000000-0-node.a1"}).changesTheNode());
        assertFalse(CtlArguments.parse(new String[] {"status"}).changesTheNode());
        assertFalse(CtlArguments.parse(new String[] {"history"}).changesTheNode());
    }

    @Test
    public void badCommandLinesSayWhatIsWrongInOneLine() {
        String[][] cases = {{}, {"frobnicate"}, {"deploy"}, {"rollback"}, {"undeploy"}, {"status", "extra"},
            {"deploy", "a.jar", "b.jar"}, {"--bogus", "status"}, {"status", "--node"},
            {"--node", "ftp://host:21", "status"}, {"--node", "http://", "status"}, {"--node", "a b", "status"},
            {"--node", "http://h:1/?x=1", "status"}};
        for (String[] args : cases) {
            UsageException e = assertThrows(String.join(" ", args), UsageException.class,
                    () -> CtlArguments.parse(args));
            assertFalse(e.getMessage(), e.getMessage().contains("\n"));
        }
    }

    @Test
    public void aMissingArgumentShowsTheCommandsUsage() {
        UsageException e = assertThrows(UsageException.class, () -> CtlArguments.parse(new String[] {"rollback"}));
        assertEquals("rollback needs an argument: grapevine-ctl rollback <deployment>", e.getMessage());
    }
}
