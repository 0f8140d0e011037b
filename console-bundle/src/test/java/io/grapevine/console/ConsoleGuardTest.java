package io.grapevine.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ConsoleGuardTest {
    private static final String OWN = "http://127.0.0.1:8080";
    private static final String TOKEN = "s3ssion-t0ken";

    private static String code(String method, String origin, String referer, String cookie) {
        ConsoleGuard.Refusal refusal = ConsoleGuard.check(method, OWN, origin, referer, cookie, TOKEN);
        return refusal == null ? null : refusal.code();
    }

    @Test
    public void readingNeedsNeitherOriginNorToken() {
        for (String method : new String[] {"GET", "HEAD", "OPTIONS"}) {
            assertNull(method, code(method, "http://evil.example", null, null));
        }
    }

    @Test
    public void aChangeFromThisConsolesPageWithTheTokenPasses() {
        assertNull(code("POST", OWN, null, TOKEN));
        assertNull("origins compare without case", code("POST", "HTTP://127.0.0.1:8080", null, TOKEN));
        assertNull("no Origin: the Referer says where from", code("POST", null, OWN + "/system/console/bundles", TOKEN));
        assertNull(code("DELETE", OWN, null, TOKEN));
    }

    @Test
    public void anotherOriginIsRefusedAnotherPortOfTheSameHostToo() {
        for (String origin : new String[] {"http://evil.example", "http://127.0.0.1:9999", "https://127.0.0.1:8080",
            "null", "http://127.0.0.1:8080.evil.example"}) {
            assertEquals(origin, "console-cross-origin", code("POST", origin, OWN + "/system/console/bundles", TOKEN));
        }
        for (String method : new String[] {"PUT", "DELETE", "PATCH", "PROPFIND"}) {
            assertEquals(method, "console-cross-origin", code(method, "http://evil.example", null, TOKEN));
        }
    }

    @Test
    public void withoutOriginTheRefererMustBeThisConsole() {
        assertEquals("console-cross-origin", code("POST", null, null, TOKEN));
        assertEquals("console-cross-origin", code("POST", null, "http://evil.example/x", TOKEN));
        assertEquals("console-cross-origin", code("POST", null, OWN + ".evil.example/", TOKEN));
    }

    @Test
    public void aSameOriginChangeWithoutTheSessionsTokenIsRefused() {
        assertEquals("console-no-token", code("POST", OWN, null, null));
        assertEquals("console-no-token", code("POST", OWN, null, TOKEN + "x"));
        assertEquals("console-no-token", code("POST", OWN, null, ""));
        ConsoleGuard.Refusal noSession = ConsoleGuard.check("POST", OWN, OWN, null, TOKEN, null);
        assertEquals("console-no-token", noSession.code());
    }

    @Test
    public void aRefusalIsOneLineThatNamesTheForeignOrigin() {
        ConsoleGuard.Refusal refusal = ConsoleGuard.check("POST", OWN, "http://evil.example\r\nX-Injected: 1", null,
                TOKEN, TOKEN);
        assertEquals("cross-site request refused: Origin http://evil.example X-Injected: 1 is not this console ("
                + OWN + ")", refusal.reason());
        assertTrue(ConsoleGuard.check("POST", OWN, OWN, null, null, TOKEN).reason().contains("reload the console page"));
    }
}
