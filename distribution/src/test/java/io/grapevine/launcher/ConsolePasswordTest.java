package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.Test;

public class ConsolePasswordTest {

    @Test
    public void hashHasTheConsolesSaltedFormAndVerifies() throws Exception {
        String hash = ConsolePassword.hash("s3cret");
        assertTrue(hash, hash.matches("\\{sha-256\\}[0-9a-f]{16}-1000-[A-Za-z0-9+/=]+"));
        String[] parts = hash.substring("{sha-256}".length()).split("-");
        byte[] bytes = (parts[0] + "s3cret").getBytes(StandardCharsets.UTF_8);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 1000; i++) {
            bytes = digest.digest(bytes);
        }
        assertEquals(parts[2], Base64.getEncoder().encodeToString(bytes));
    }

    @Test
    public void generatedPasswordsDiffer() {
        assertNotEquals(ConsolePassword.generate(), ConsolePassword.generate());
        assertEquals(20, ConsolePassword.generate().length());
    }
}
