package io.grapevine.core.http;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.Test;

public class AdminCredentialTest {
    // {sha-256}<salt>-<iterations>-<base64>, as the launcher and the Web Console write it; "s3cret".
    private static final String SALTED;

    static {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] bytes = ("0011223344556677" + "s3cret").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 1000; i++) {
                bytes = digest.digest(bytes);
            }
            SALTED = "{sha-256}0011223344556677-1000-" + Base64.getEncoder().encodeToString(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void acceptsTheAdminWithTheRightPasswordOnly() {
        AdminCredential credential = new AdminCredential(SALTED);
        assertTrue(credential.accepts(basic("admin", "s3cret")));
        assertFalse(credential.accepts(basic("admin", "admin")));
        assertFalse(credential.accepts(basic("root", "s3cret")));
        assertFalse(credential.accepts(null));
        assertFalse(credential.accepts("Basic !!!"));
        assertFalse(credential.accepts("Bearer x"));
    }

    @Test
    public void withoutAStoredPasswordNobodyIsAdmin() {
        assertFalse(new AdminCredential(null).accepts(basic("admin", "")));
        assertTrue(new AdminCredential("plain").accepts(basic("admin", "plain")));
    }
}
