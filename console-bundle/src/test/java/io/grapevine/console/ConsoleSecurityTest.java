package io.grapevine.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.grapevine.console.shell.FakeAdmin;
import io.grapevine.core.admin.AdminException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The console's security provider over a fake admin service and fake HTTP: login, session, token cookie, origin. */
public class ConsoleSecurityTest {
    private static final String OWN = "http://127.0.0.1:8080";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret"
            .getBytes(StandardCharsets.UTF_8));

    private final FakeAdmin admin = new FakeAdmin();
    private final ConsoleSecurity security = new ConsoleSecurity(admin);
    private final FakeHttp browser = new FakeHttp();

    private Object send(String method, String... headers) {
        Map<String, String> map = new HashMap<>(Map.of("Host", "127.0.0.1:8080"));
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        Object user = security.authenticate(browser.request(method, map), browser.response());
        String cookie = browser.header("Set-Cookie");
        if (cookie != null) {
            String pair = cookie.substring(0, cookie.indexOf(';'));
            browser.cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return user;
    }

    @Test
    public void aLoginIsCheckedByTheCoreOncePerSessionAndSetsTheStrictTokenCookie() {
        assertEquals("admin", send("GET", "Authorization", BASIC));
        String cookie = browser.header("Set-Cookie");
        assertTrue(cookie, cookie.matches(ConsoleGuard.COOKIE + "=[A-Za-z0-9_-]{43}; Path=/system/console; HttpOnly;"
                + " SameSite=Strict"));
        assertEquals("the token is the session's", CsrfToken.of(browser.session), browser.cookies.get(ConsoleGuard.COOKIE));
        assertEquals("admin", send("GET", "Authorization", BASIC));
        assertNull("set once", browser.header("Set-Cookie"));
        assertEquals(List.of("checkAdmin admin from 192.0.2.7"), admin.calls);
    }

    @Test
    public void aRefusedLoginIsAnsweredAsTheCoreSaysWithRetryAfterForABackoff() {
        admin.login = new AdminException(401, "wrong admin credential (HTTP Basic, user admin)");
        assertNull(send("GET", "Authorization", BASIC));
        assertEquals(401, browser.status);
        assertEquals("Basic realm=\"Grapevine\", charset=\"UTF-8\"", browser.header("WWW-Authenticate"));
        assertEquals("wrong admin credential (HTTP Basic, user admin)\n", browser.body());
        assertNull("no session for a failed login", browser.session);

        admin.login = new AdminException(429, "too many failed admin logins from 192.0.2.7: try again in 4 s", 4);
        assertNull(send("GET"));
        assertEquals(429, browser.status);
        assertEquals("4", browser.header("Retry-After"));
        assertEquals("checkAdmin null from 192.0.2.7", admin.calls.get(1));
    }

    @Test
    public void aPostFromThisConsoleWithTheCookiePassesOneFromElsewhereIsRefusedAndCounted() {
        send("GET", "Authorization", BASIC);
        assertEquals("admin", send("POST", "Authorization", BASIC, "Origin", OWN));

        assertNull(send("POST", "Authorization", BASIC, "Origin", "http://evil.example"));
        assertEquals(403, browser.status);
        assertEquals("cross-site request refused: Origin http://evil.example is not this console (" + OWN + ")\n",
                browser.body());
        assertEquals("refused console-cross-origin", admin.calls.get(admin.calls.size() - 1));

        browser.cookies.clear(); // a cross-site request: the browser leaves the SameSite=Strict cookie out
        assertNull(send("POST", "Authorization", BASIC, "Origin", OWN));
        assertEquals(403, browser.status);
        assertEquals("refused console-no-token", admin.calls.get(admin.calls.size() - 1));
    }

    @Test
    public void aPostWithTheCredentialButNoSessionYetHasNoToken() {
        assertNull(send("POST", "Authorization", BASIC, "Origin", OWN));
        assertEquals(403, browser.status);
        assertTrue(browser.body(), browser.body().contains("no Grapevine console token"));
    }

    @Test
    public void anotherCredentialInTheSameSessionIsCheckedAgain() {
        send("GET", "Authorization", BASIC);
        admin.login = new AdminException(401, "wrong admin credential (HTTP Basic, user admin)");
        String other = "Basic " + Base64.getEncoder().encodeToString("admin:guess".getBytes(StandardCharsets.UTF_8));
        assertNull(send("GET", "Authorization", other));
        assertEquals(401, browser.status);
        assertNull("and without one", send("GET"));
        assertEquals(3, admin.calls.size());
    }
}
