package io.grapevine.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;

import jakarta.servlet.http.HttpSession;
import org.junit.Test;

public class ConsoleActionsTest {

    @Test
    public void aKeptResultIsShownAgainOnReloadAndOnlyInItsSession() {
        HttpSession session = FakeSession.create();
        ConsoleActions.Result deployed = new ConsoleActions.Result(true, "Deployed x 1.0.0 as deployment 1-0-n");
        String id = ConsoleActions.keep(session, deployed);

        assertEquals(deployed, ConsoleActions.result(session, id));
        assertEquals(deployed, ConsoleActions.result(session, id));
        assertNull(ConsoleActions.result(FakeSession.create(), id));
        assertNull(ConsoleActions.result(session, "nope"));
        assertNull(ConsoleActions.result(session, null));
        assertNull(ConsoleActions.result(null, id));
    }

    @Test
    public void onlyTheLatestResultsAreKept() {
        HttpSession session = FakeSession.create();
        String first = ConsoleActions.keep(session, new ConsoleActions.Result(true, "first"));
        String last = null;
        for (int i = 0; i < 16; i++) {
            last = ConsoleActions.keep(session, new ConsoleActions.Result(false, "later " + i));
        }
        assertNotEquals(first, last);
        assertNull(ConsoleActions.result(session, first));
        assertEquals("later 15", ConsoleActions.result(session, last).message());
    }
}
