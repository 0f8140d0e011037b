package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.http.AdminCredential;
import org.junit.Test;

public class AdminPasswordTest {

    @Test
    public void hashHasThePbkdf2FormAndTheCoresCheckVerifiesIt() {
        String hash = AdminPassword.hash("s3cret");
        assertTrue(hash, hash.matches("\\$pbkdf2-sha256\\$i=100000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"));
        assertTrue(hash, hash.startsWith(AdminCredential.PBKDF2));
        AdminCredential core = new AdminCredential(hash, null, null, () -> 0);
        assertTrue(core.matches("s3cret"));
        assertFalse(core.matches("s3cret "));
        assertFalse(core.matches(""));
        assertFalse(core.matches(hash));
    }

    @Test
    public void eachHashHasItsOwnSalt() {
        assertNotEquals(AdminPassword.hash("s3cret"), AdminPassword.hash("s3cret"));
    }

    @Test
    public void generatedPasswordsDiffer() {
        assertNotEquals(AdminPassword.generate(), AdminPassword.generate());
        assertEquals(20, AdminPassword.generate().length());
    }
}
