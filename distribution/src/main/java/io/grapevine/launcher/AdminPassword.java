package io.grapevine.launcher;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The admin password in the form the core checks ({@code $pbkdf2-sha256$i=<iterations>$<salt>$<hash>},
 * the PHC string format with base64 without padding: PBKDF2WithHmacSHA256 of the JDK, a random
 * 16-byte salt, a 32-byte hash). Only this form becomes a framework property; the plain password
 * never does. {@value #ITERATIONS} iterations cost about 30-40 ms on a 2-core machine of 2026
 * (see the README): once per start here, once per login in the core.
 */
final class AdminPassword {
    static final int ITERATIONS = 100_000;
    static final String PREFIX = "$pbkdf2-sha256$i=";

    private AdminPassword() {
    }

    static String hash(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
            return PREFIX + ITERATIONS + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A password of 20 characters from an alphabet without look-alikes (about 115 bits). */
    static String generate() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
