package io.grapevine.core.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.telemetry.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.Test;

public class AdminCredentialTest {
    // "s3cret" in the stored form the launcher writes ($pbkdf2-sha256$i=<n>$<salt>$<hash>), made
    // here with the JDK's function; the launcher's own output is checked in distribution's AdminPasswordTest.
    private static final String STORED;

    static {
        try {
            byte[] salt = "0011223344556677".getBytes(StandardCharsets.US_ASCII);
            Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
            STORED = AdminCredential.PBKDF2 + 1000 + "$" + b64.encodeToString(salt) + "$"
                    + b64.encodeToString(AdminCredential.pbkdf2("s3cret", salt, 1000, 256));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private final Metrics metrics = new Metrics();
    private long now = 1_000_000;

    private AdminCredential credential(String stored) {
        return new AdminCredential(stored, new LoginBackoff(5, 300_000), metrics, () -> now);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The status of a login with HTTP Authorization header {@code authorization} from {@code client}; 200 if accepted. */
    private static int login(AdminCredential credential, String authorization, String client) {
        String[] basic = AdminCredential.basic(authorization);
        try {
            credential.check(basic == null ? null : basic[0], basic == null ? null : basic[1], client);
            return 200;
        } catch (AdminException e) {
            return e.status();
        }
    }

    private static boolean accepts(AdminCredential credential, String authorization) {
        return login(credential, authorization, "192.0.2.1") == 200;
    }

    @Test
    public void aRightPasswordIsKnownAgainWithoutPbkdf2ForAWhileAndNoOtherIs() {
        AdminCredential credential = credential(STORED);
        assertTrue(accepts(credential, basic("admin", "s3cret")));
        assertTrue(accepts(credential, basic("admin", "s3cret")));
        assertEquals("the second login cost one HMAC", 1, credential.slowChecks);
        assertFalse(accepts(credential, basic("admin", "s3cret ")));
        assertFalse(accepts(credential, basic("admin", "")));
        assertEquals("each other password pays the full check", 3, credential.slowChecks);
        now += AdminCredential.REMEMBERED_MS;
        assertTrue(accepts(credential, basic("admin", "s3cret")));
        assertEquals("checked in full again once remembered too long", 4, credential.slowChecks);
    }

    @Test
    public void acceptsTheAdminWithTheRightPasswordOnly() {
        AdminCredential credential = credential(STORED);
        assertTrue(accepts(credential, basic("admin", "s3cret")));
        assertFalse(accepts(credential, basic("admin", "admin")));
        assertFalse(accepts(credential, basic("root", "s3cret")));
        assertFalse(accepts(credential, null));
        assertFalse(accepts(credential, "Basic !!!"));
        assertFalse(accepts(credential, "Bearer x"));
    }

    @Test
    public void withoutAStoredPasswordNobodyIsAdmin() {
        assertFalse(accepts(credential(null), basic("admin", "")));
        assertTrue(accepts(credential("plain"), basic("admin", "plain")));
    }

    @Test
    public void aStoredFormThatIsNotOneAdmitsNobody() {
        String[] broken = {AdminCredential.PBKDF2 + "x$AAAA$AAAA", AdminCredential.PBKDF2 + "1000$AAAA",
            AdminCredential.PBKDF2 + "0$AAAA$AAAA", AdminCredential.PBKDF2 + "1000$!!$AAAA",
            AdminCredential.PBKDF2 + "99999999$AAAA$AAAA", AdminCredential.PBKDF2 + "1000$AAAA$"};
        for (String stored : broken) {
            assertFalse(stored, credential(stored).matches("s3cret"));
            assertFalse(stored, credential(stored).matches(""));
        }
        assertFalse("the stored form itself is no password", credential(STORED).matches(STORED));
    }

    @Test
    public void fiveWrongPasswordsThen429WithRetryAfterUntilTheBackoffPassesThenTheRightOneWorks() {
        AdminCredential credential = credential(STORED);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login(credential, basic("admin", "guess" + i), "192.0.2.1"));
        }
        try {
            credential.check("admin", "s3cret", "192.0.2.1");
            fail("the right password is not even checked while the address backs off");
        } catch (AdminException e) {
            assertEquals(429, e.status());
            assertEquals(1, e.retryAfterSeconds());
            assertTrue(e.getMessage(), e.getMessage().startsWith("too many failed admin logins from 192.0.2.1"));
        }
        assertEquals("no credential at all is slowed down too", 429, login(credential, null, "192.0.2.1"));
        assertEquals("another address is not", 200, login(credential, basic("admin", "s3cret"), "192.0.2.2"));
        now += 1000;
        assertEquals(200, login(credential, basic("admin", "s3cret"), "192.0.2.1"));
        assertEquals("a success forgets the failures", 401, login(credential, basic("admin", "again"), "192.0.2.1"));
        assertTrue(metrics.render(), metrics.render().contains(Metrics.ADMIN_LOGIN_FAILURES + " 6\n"));
        assertTrue(metrics.render(), metrics.render().contains(Metrics.ADMIN_LOGINS_THROTTLED + " 2\n"));
    }

    @Test
    public void anIpv6ClientBacksOffUnderItsSlash64() {
        AdminCredential credential = credential(STORED);
        for (int i = 0; i < 5; i++) {
            login(credential, basic("admin", "guess"), "[2001:db8:1:2::" + Integer.toHexString(i + 1) + "]");
        }
        assertEquals(429, login(credential, basic("admin", "s3cret"), "2001:db8:1:2:ffff::9"));
        assertEquals(200, login(credential, basic("admin", "s3cret"), "2001:db8:1:3::1"));
        assertEquals("20010db800010002::/64", AdminCredential.addressKey("2001:db8:1:2:ffff::9"));
        assertEquals("192.0.2.1", AdminCredential.addressKey("192.0.2.1"));
        assertEquals("not-an-address:x", AdminCredential.addressKey("not-an-address:x"));
    }
}
