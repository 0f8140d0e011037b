package io.grapevine.core.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HistoryTest {
    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static Configuration config(long time, String sha) {
        DeploymentNumber number = new DeploymentNumber(time, 0, "n");
        return new Configuration(number, List.of(new ModuleEntry("m", sha, 1, "1", number)), List.of());
    }

    @Test
    public void newestFirstBoundedAndKeptAcrossRestarts() throws IOException {
        Path file = folder.getRoot().toPath().resolve("history.json");
        History history = new History(file, 3);
        for (int i = 1; i <= 5; i++) {
            history.push(config(i, Integer.toString(i).repeat(64)));
        }
        History reloaded = new History(file, 3);
        assertEquals(List.of(5L, 4L, 3L), reloaded.entries().stream().map(c -> c.deployment().time()).toList());
        assertEquals(5L, reloaded.current().deployment().time());
        assertTrue(reloaded.find(new DeploymentNumber(4, 0, "n")).isPresent());
        assertTrue(reloaded.find(new DeploymentNumber(1, 0, "n")).isEmpty());
        assertEquals(3, reloaded.referencedJars().size());
    }

    @Test
    public void anEmptyHistoryMeansTheEmptyConfiguration() throws IOException {
        assertEquals(Configuration.EMPTY, new History(folder.getRoot().toPath().resolve("h.json"), 3).current());
    }
}
