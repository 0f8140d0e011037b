package io.grapevine.console;

import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The console's protection against cross-site request forgery, which the Web Console (5.0.18) has
 * none of: a random secret per session, put in every form of the page, that every POST must send
 * back. A forged POST from another site carries the browser's credentials but not the secret.
 */
final class CsrfToken {
    static final String FIELD = "csrf";
    private static final String ATTRIBUTE = CsrfToken.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfToken() {
    }

    /** The session's token, made on first use: 256 random bits. */
    static String of(HttpSession session) {
        synchronized (CsrfToken.class) {
            if (session.getAttribute(ATTRIBUTE) instanceof String token) {
                return token;
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(ATTRIBUTE, token);
            return token;
        }
    }

    /** True when {@code sent} is the session's token; compared in constant time. */
    static boolean matches(HttpSession session, String sent) {
        Object token = session == null ? null : session.getAttribute(ATTRIBUTE);
        return token instanceof String expected && sent != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
