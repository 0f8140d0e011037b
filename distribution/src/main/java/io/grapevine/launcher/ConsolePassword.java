package io.grapevine.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The admin password as the Felix Web Console stores it ({@code {sha-256}<salt>-<iterations>-<hash>},
 * where hash is SHA-256 applied {@code iterations} times to the UTF-8 of salt + password): the
 * plain password never becomes a framework property, which the console would list.
 */
final class ConsolePassword {
    private static final int ITERATIONS = 1000;

    private ConsolePassword() {
    }

    static String hash(String password) {
        byte[] saltBytes = new byte[8];
        new SecureRandom().nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] bytes = (salt + password).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < ITERATIONS; i++) {
                digest.reset();
                bytes = digest.digest(bytes);
            }
            return "{sha-256}" + salt + "-" + ITERATIONS + "-" + Base64.getEncoder().encodeToString(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
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
