package io.grapevine.core.driver;

import static org.junit.Assert.assertEquals;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.node.Change;
import io.grapevine.core.node.Jar;
import io.grapevine.core.telemetry.Metrics;
import java.util.HexFormat;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NodeDriverTest {
    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void onceAChangeIsAnsweredTheNodesViewShowsItApplied() throws Exception {
        try (NodeDriver driver = StartedDriver.start(folder.getRoot().toPath(), new Metrics())) {
            // The caller is woken on one thread while the loop goes on on another: many changes in
            // a row give a stale view many chances to show.
            for (int i = 0; i < 300; i++) {
                String sha = HexFormat.of().formatHex(new byte[32]).substring(4) + String.format("%04d", i);
                Configuration made = driver.change(new Change.Deploy(new Jar("io.example.m", sha, 10, "1.0." + i)))
                        .config();
                assertEquals("change " + i, made.deployment(), driver.view().applied().deployment());
                assertEquals("change " + i, made.deployment(), driver.view().current().deployment());
            }
        }
    }
}
