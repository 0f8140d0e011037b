package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class CtlTextTest {
    private static final String COUNTER_SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String BROKEN_SHA = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    @Test
    public void statusShowsTheNodeThenOneAlignedRowPerModule() throws Exception {
        String json = """
                {"nodeId":"node.a1","address":"127.0.0.1:8080","uptimeMs":3723000,
                 "deployment":"1795000000000-2-node.a1",
                 "modules":[
                  {"name":"io.grapevine.example.counter","version":"2.0.0","sha256":"%s",
                   "deployment":"1795000000000-2-node.a1","state":"running","reason":null},
                  {"name":"io.grapevine.broken","version":"0.1.0","sha256":"%s",
                   "deployment":"1794000000000-0-node.b2","state":"failed","reason":"activation failed:\\n NPE"}],
                 "rendezvous":["127.0.0.1:8081","127.0.0.1:8082"]}
                """.formatted(COUNTER_SHA, BROKEN_SHA);
        assertEquals("""
                node        node.a1
                address     127.0.0.1:8080
                uptime      1h 2m 3s
                deployment  1795000000000-2-node.a1
                rendezvous  127.0.0.1:8081, 127.0.0.1:8082

                MODULE                        VERSION  SHA256        CHANGED AT               STATE
                io.grapevine.example.counter  2.0.0    0123456789ab  1795000000000-2-node.a1  running
                io.grapevine.broken           0.1.0    fedcba987654  1794000000000-0-node.b2  failed: activation failed: NPE
                """, CtlText.status(json));
    }

    @Test
    public void statusOfAFreshNodeSaysNothingIsDeployed() throws Exception {
        String text = CtlText.status("""
                {"nodeId":"node.a1","address":"127.0.0.1:8080","uptimeMs":500,"deployment":null,
                 "modules":[],"rendezvous":[]}
                """);
        assertTrue(text, text.contains("deployment  none (nothing deployed yet)\n"));
        assertTrue(text, text.contains("rendezvous  none\n"));
        assertTrue(text, text.contains("uptime      0s\n"));
        assertTrue(text, text.endsWith("\nno modules\n"));
    }

    @Test
    public void statusShowsWhatTheLauncherSaysOfTheCore() throws Exception {
        String text = CtlText.status("""
                {"nodeId":"node.a1","address":"127.0.0.1:8080","uptimeMs":500,"deployment":null,
                 "modules":[],"rendezvous":[],"core":"reverted 3f2a1b4c5d6e no answer to /core/status within 60 s"}
                """);
        assertTrue(text, text.contains("\ncore        reverted 3f2a1b4c5d6e no answer to /core/status within 60 s\n"));
    }

    @Test
    public void missingFieldsPrintAsDashes() throws Exception {
        String text = CtlText.status("{\"modules\":[{\"name\":\"io.grapevine.x\"}]}");
        assertTrue(text, text.contains("node        -\n"));
        assertTrue(text, text.contains("io.grapevine.x  -        -       -           -\n"));
    }

    @Test
    public void historyListsDeploymentsNewestFirstAndMarksTheNewestCurrent() throws Exception {
        String json = """
                [{"deployment":"1795000000000-1-node.a1","modules":[
                   {"name":"io.grapevine.example.counter","sha256":"%s","size":7091,"version":"1.0.0",
                    "deployment":"1795000000000-1-node.a1"}],"signatures":[]},
                 {"deployment":"1795000000000-0-node.a1","modules":[],"signatures":["sig"]}]
                """.formatted(COUNTER_SHA);
        assertEquals("""
                deployment 1795000000000-1-node.a1  (current)
                  MODULE                        VERSION  SHA256        SIZE     CHANGED AT
                  io.grapevine.example.counter  1.0.0    0123456789ab  6.9 KiB  1795000000000-1-node.a1
                  signatures: none

                deployment 1795000000000-0-node.a1
                  no modules
                  signatures: 1
                """, CtlText.history(json));
    }

    @Test
    public void emptyHistorySaysSo() throws Exception {
        assertEquals("no deployments yet\n", CtlText.history("[]"));
    }

    @Test
    public void answersThatAreNotTheExpectedJsonFailInOneLine() {
        assertThrows(CtlFailure.class, () -> CtlText.status("<html>\n<body>oops</body>"));
        assertThrows(CtlFailure.class, () -> CtlText.status("[]"));
        assertThrows(CtlFailure.class, () -> CtlText.history("{}"));
        CtlFailure noToken = assertThrows(CtlFailure.class, () -> CtlText.deploymentOf("{\"other\":1}"));
        assertTrue(noToken.getMessage(), noToken.getMessage().contains("names no deployment"));
    }

    @Test
    public void uptimesAndSizesReadEasily() {
        assertEquals("0s", CtlText.uptime(0));
        assertEquals("59s", CtlText.uptime(59_999));
        assertEquals("1h 0m 0s", CtlText.uptime(3_600_000));
        assertEquals("1d 1h 1m 1s", CtlText.uptime(90_061_000));
        assertEquals("512 B", CtlText.size(512));
        assertEquals("2.0 KiB", CtlText.size(2048));
        assertEquals("5.0 MiB", CtlText.size(5 * 1024 * 1024));
    }
}
