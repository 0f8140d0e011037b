package io.grapevine.core.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks the admin's HTTP Basic credential (user {@code admin}) against the password the launcher
 * passed in framework property {@code grapevine.admin.password}: the Web Console's salted form
 * {@code {sha-256}<salt>-<iterations>-<base64>}, or plain text. Without the property every admin
 * call is refused.
 */
public final class AdminCredential {
    public static final String PROPERTY = "grapevine.admin.password";
    private static final String USER = "admin";

    private final String stored;

    public AdminCredential(String stored) {
        this.stored = stored;
    }

    /** True if {@code authorization} (an HTTP Authorization header) names the admin. */
    public boolean accepts(String authorization) {
        if (stored == null || stored.isEmpty() || authorization == null
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(USER)) {
            return false;
        }
        return matches(decoded.substring(colon + 1));
    }

    boolean matches(String password) {
        if (!stored.startsWith("{sha-256}")) {
            return constantTimeEquals(stored, password);
        }
        String[] parts = stored.substring("{sha-256}".length()).split("-", 3);
        if (parts.length != 3) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] bytes = (parts[0] + password).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                bytes = digest.digest(bytes);
            }
            return constantTimeEquals(parts[2], Base64.getEncoder().encodeToString(bytes));
        } catch (NumberFormatException | NoSuchAlgorithmException e) {
            return false;
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
