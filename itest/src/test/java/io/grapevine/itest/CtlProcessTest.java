package io.grapevine.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.itest.support.CtlRun;
import io.grapevine.itest.support.CtlRun.Result;
import io.grapevine.itest.support.Distribution;
import io.grapevine.itest.support.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/** What an operator types: {@code bin/grapevine-ctl} against a real node. */
public class CtlProcessTest {
    private static final Pattern TOKEN = Pattern.compile("\\b\\d{10,}-\\d+-[A-Za-z0-9._:]+\\b");

    private NodeProcess node;

    @After
    public void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void deployUpdateRollbackAndHistoryFromTheCommandLine() throws Exception {
        node = NodeProcess.start("ctl");
        Path examples = Distribution.home().resolve("examples");

        Result v1 = ctl(true, "deploy", examples.resolve("counter-1.0.0.jar").toString());
        assertEquals(v1.err(), 0, v1.code());
        String d1 = token(v1.out());
        Result v2 = ctl(true, "deploy", examples.resolve("counter-2.0.0.jar").toString());
        assertEquals(v2.err(), 0, v2.code());

        Result status = ctl(false, "status");
        assertEquals(0, status.code());
        assertTrue(status.out(), status.out().contains("io.grapevine.example.counter") && status.out().contains("2.0.0"));
        assertTrue(status.out(), status.out().contains("running"));

        Result back = ctl(true, "rollback", d1);
        assertEquals(back.err(), 0, back.code());
        String d3 = token(back.out().replace(d1, ""));
        assertEquals(d3, node.deployment());

        Result history = ctl(false, "history");
        assertEquals(0, history.code());
        assertTrue(history.out(), history.out().indexOf(d3) < history.out().indexOf(d1));

        Result json = ctl(false, "--json", "status");
        assertTrue(json.out(), json.out().strip().startsWith("{") && json.out().contains("\"deployment\""));
    }

    @Test
    public void failuresExitNonZeroWithOneLine() throws Exception {
        node = NodeProcess.start("ctl-bad");
        Path notAJar = Files.createTempFile(Distribution.targetDir(), "text", ".jar");
        Files.writeString(notAJar, "hello");
        Result bad = ctl(true, "deploy", notAJar.toString());
        assertTrue(bad.code() != 0);
        assertEquals(bad.err(), 1, bad.err().strip().lines().count());

        Result unknown = ctl(true, "rollback", "1-0-nobody");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err(), unknown.err().contains("no deployment"));

        Result wrongPassword = run(List.of("--node", node.url(""), "rollback", "1-0-nobody"), "wrong");
        assertEquals(1, wrongPassword.code());
        assertTrue(wrongPassword.err(), wrongPassword.err().contains("401"));

        Result usage = ctl(false, "frobnicate");
        assertEquals(2, usage.code());
    }

    private Result ctl(boolean admin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("--node", node.url("")));
        command.addAll(List.of(args));
        return run(command, admin ? NodeProcess.PASSWORD : null);
    }

    private static Result run(List<String> args, String password) throws IOException, InterruptedException {
        return CtlRun.run(args, password);
    }

    private static String token(String text) {
        Matcher matcher = TOKEN.matcher(text);
        assertTrue(text, matcher.find());
        return matcher.group();
    }
}
