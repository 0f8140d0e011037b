package io.grapevine.core.store;

import static org.junit.Assert.assertEquals;

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
        return new Configuration(number, List.of(new ModuleEntry("m", sha, 1, "1", number)));
    }

    @Test
    public void whatIsWrittenIsReadBackInOrderAfterARestart() throws IOException {
        Path file = folder.getRoot().toPath().resolve("history.json");
        List<Configuration> entries = List.of(config(5, "5".repeat(64)), config(4, "4".repeat(64)));
        new History(file).write(entries);
        assertEquals(entries, new History(file).read());
    }

    @Test
    public void noFileMeansAnEmptyHistory() throws IOException {
        assertEquals(List.of(), new History(folder.getRoot().toPath().resolve("h.json")).read());
    }
}
