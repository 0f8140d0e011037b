package io.grapevine.core.store;

import static org.junit.Assert.assertEquals;

import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.node.Roster;
import java.nio.file.Files;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RosterFileTest {
    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aRestartedNodeStillKnowsWhichMembersItCouldNotReachAndReadsAnOlderFile() throws Exception {
        RosterFile file = new RosterFile(folder.getRoot().toPath());
        Roster.Member failed = new Roster.Member("a:1", DeploymentNumber.parse("5-0-n"), 100, false, null, 200);
        Roster.Member alive = new Roster.Member("b:1", null, 300, false);
        Roster.Member left = new Roster.Member("c:1", null, 400, true);
        file.write(List.of(failed, alive, left));
        assertEquals(List.of(failed, alive, left), file.read());
        Files.writeString(folder.getRoot().toPath().resolve("roster.json"),
                "[{\"address\":\"d:1\",\"deployment\":null,\"heardAt\":7,\"left\":false}]");
        assertEquals(List.of(new Roster.Member("d:1", null, 7, false)), file.read());
    }
}
