package io.grapevine.core.http;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.telemetry.Metrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admin's login, user {@code admin}, for the REST API and (through the admin service) the Web
 * Console. The launcher passes the password's stored form in framework property {@value #PROPERTY}:
 * {@code $pbkdf2-sha256$i=<iterations>$<salt>$<hash>} (the PHC string format, base64 without
 * padding; the JDK's PBKDF2WithHmacSHA256). Where an operator writes the property by hand (Karaf's
 * {@code etc/system.properties}) it may be the password itself. Comparisons take constant time. A
 * wrong login counts in {@link LoginBackoff} under the client's address (an IPv6 client under its
 * /64) and in the metrics; the password given is never logged or kept, only, for
 * {@value #REMEMBERED_MS} ms after PBKDF2 accepted it, its HMAC under a key this process drew at
 * random, in memory. Without the property nobody is admin.
 */
public final class AdminCredential {
    public static final String PROPERTY = "grapevine.admin.password";
    public static final String PBKDF2 = "$pbkdf2-sha256$i=";
    private static final String USER = "admin";
    private static final int MAX_ITERATIONS = 10_000_000;

    /** How long a password PBKDF2 accepted is known again at the cost of one HMAC. */
    static final long REMEMBERED_MS = 300_000;

    private final String stored;
    private final LoginBackoff backoff;
    private final Metrics metrics;
    private final LongSupplier clockMs;
    private final SecretKeySpec rememberKey;
    private byte[] remembered;
    private long rememberedUntil;
    /** PBKDF2 checks made so far (read by its test). */
    int slowChecks;

    public AdminCredential(String stored, LoginBackoff backoff, Metrics metrics, LongSupplier clockMs) {
        this.stored = stored == null ? "" : stored.strip();
        this.backoff = backoff;
        this.metrics = metrics;
        this.clockMs = clockMs;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.rememberKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Returns when {@code user}/{@code password} are the admin's; 401 or 429 otherwise (see GrapevineAdmin.checkAdmin). */
    public void check(String user, String password, String client) throws AdminException {
        String address = addressKey(client);
        // A wrong attempt is counted before its (slow) check, so parallel guesses meet the back-off too.
        long waitMs = user == null || password == null ? backoff.waitMs(address, clockMs.getAsLong())
                : backoff.attempt(address, clockMs.getAsLong());
        if (waitMs > 0) {
            long seconds = (waitMs + 999) / 1000;
            metrics.add(Metrics.ADMIN_LOGINS_THROTTLED, 1);
            throw new AdminException(429, "too many failed admin logins from " + client + ": try again in " + seconds
                    + " s", seconds);
        }
        if (user == null || password == null) {
            throw new AdminException(401, "admin credential required (HTTP Basic, user admin)");
        }
        if (!(matches(password) & constantTimeEquals(USER, user))) {
            metrics.add(Metrics.ADMIN_LOGIN_FAILURES, 1);
            throw new AdminException(401, "wrong admin credential (HTTP Basic, user admin)");
        }
        backoff.succeeded(address);
    }

    /** True when {@code password} is the admin's. */
    public boolean matches(String password) {
        if (stored.isEmpty()) {
            return false;
        }
        if (!stored.startsWith(PBKDF2)) {
            return constantTimeEquals(stored, password);
        }
        // A right password is known again for a while by a keyed hash (the key lives and dies with
        // this process): 100,000 PBKDF2 rounds cost a node a third of a second of CPU, and an
        // operator's command makes two requests. Every other password still pays the full check.
        byte[] mac = rememberKeyMac(password);
        synchronized (this) {
            if (remembered != null && clockMs.getAsLong() < rememberedUntil && MessageDigest.isEqual(mac, remembered)) {
                return true;
            }
        }
        String[] parts = stored.substring(PBKDF2.length()).split("\\$");
        try {
            int iterations = Integer.parseInt(parts[0]);
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] hash = Base64.getDecoder().decode(parts[2]);
            synchronized (this) {
                slowChecks++;
            }
            boolean right = parts.length == 3 && iterations >= 1 && iterations <= MAX_ITERATIONS && hash.length > 0
                    && MessageDigest.isEqual(hash, pbkdf2(password, salt, iterations, hash.length * 8));
            if (right) {
                synchronized (this) {
                    remembered = mac;
                    rememberedUntil = clockMs.getAsLong() + REMEMBERED_MS;
                }
            }
            return right;
        } catch (RuntimeException | GeneralSecurityException e) {
            return false; // a stored form that is not one admits nobody
        }
    }

    private byte[] rememberKeyMac(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(rememberKey);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    static byte[] pbkdf2(String password, byte[] salt, int iterations, int bits) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    /** {user, password} of an HTTP Basic {@code Authorization} header; null when it is not one. */
    public static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The back-off's key of a client: its IPv4 address, or the /64 of its IPv6 address (one host holds a /64). */
    static String addressKey(String client) {
        if (client == null || client.indexOf(':') < 0 || !client.matches("\\[?[0-9A-Fa-f:.]+]?")) {
            return String.valueOf(client);
        }
        try {
            byte[] address = InetAddress.getByName(client).getAddress(); // a literal: no name lookup
            return address.length == 16 ? HexFormat.of().formatHex(address, 0, 8) + "::/64" : client;
        } catch (UnknownHostException e) {
            return client;
        }
    }

    /** Compares digests, so that not even the length of the stored text shows in the time taken. */
    private static boolean constantTimeEquals(String a, String b) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest(a.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(digest, sha256.digest(b.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
