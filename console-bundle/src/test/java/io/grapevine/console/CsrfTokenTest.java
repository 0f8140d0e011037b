package io.grapevine.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import jakarta.servlet.http.HttpSession;
import org.junit.Test;

public class CsrfTokenTest {

    @Test
    public void aSessionKeepsOneUnguessableTokenThatMatchesOnlyItself() {
        HttpSession session = FakeSession.create();
        String token = CsrfToken.of(session);

        assertEquals(token, CsrfToken.of(session));
        assertTrue(token.matches("[A-Za-z0-9_-]{43}")); // 256 bits, URL-safe Base64
        assertTrue(CsrfToken.matches(session, token));
        assertFalse(CsrfToken.matches(session, token.substring(1)));
        assertFalse(CsrfToken.matches(session, token + "x"));
        assertFalse(CsrfToken.matches(session, ""));
        assertFalse(CsrfToken.matches(session, null));
    }

    @Test
    public void anotherSessionsTokenOrNoSessionIsRefused() {
        HttpSession mine = FakeSession.create();
        HttpSession theirs = FakeSession.create();
        String token = CsrfToken.of(mine);

        assertNotEquals(token, CsrfToken.of(theirs));
        assertFalse(CsrfToken.matches(theirs, token));
        assertFalse(CsrfToken.matches(null, token));
    }

    @Test
    public void aSessionWithoutATokenYetAcceptsNothing() {
        assertFalse(CsrfToken.matches(FakeSession.create(), "anything"));
    }
}
