package io.grapevine.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * The cross-site rule for every Web Console page, Felix's own included, as plain values so that
 * tests need no servlet container. A request that may change something (any method but GET, HEAD
 * and OPTIONS) must come from a page of this console and carry Grapevine's token:
 *
 * <ul>
 *   <li><b>same origin</b>: its {@code Origin} header (which browsers send on every POST) is this
 *       console's own {@code scheme://host:port}; without an {@code Origin}, its {@code Referer}
 *       starts with it; without either, it is refused. This is what stops another site, another
 *       port of the same host included, which counts as the same <i>site</i> for cookies;</li>
 *   <li><b>the token</b>: the {@value #COOKIE} cookie holds the session's {@link CsrfToken}, set at
 *       login with {@code SameSite=Strict; HttpOnly}, so a browser sends it only with requests
 *       from this site and no script can read it. Felix's pages do not know the token and need not:
 *       the browser sends the cookie with their forms and their JavaScript's POSTs.</li>
 * </ul>
 *
 * A browser attaches the admin's Basic credential and the console's session cookie to a forged
 * cross-site request; it cannot attach a matching {@code Origin} or the strict cookie.
 */
final class ConsoleGuard {
    static final String COOKIE = "grapevine-console-token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    /** Why a request is refused: {@code code} for the metrics, {@code reason} one line for the person. */
    record Refusal(String code, String reason) {
    }

    private ConsoleGuard() {
    }

    /**
     * Null when the request may pass, else why not.
     *
     * @param ownOrigin this console's origin as the request addressed it, {@code scheme://host[:port]}
     * @param cookieToken the value of the {@value #COOKIE} cookie, or null
     * @param sessionToken the session's token, or null when the request has no session
     */
    static Refusal check(String method, String ownOrigin, String origin, String referer, String cookieToken,
            String sessionToken) {
        if (SAFE.contains(method)) {
            return null;
        }
        if (origin != null) {
            if (!origin.toLowerCase(Locale.ROOT).equals(ownOrigin.toLowerCase(Locale.ROOT))) {
                return new Refusal("console-cross-origin", "cross-site request refused: Origin " + oneLine(origin)
                        + " is not this console (" + ownOrigin + ")");
            }
        } else if (referer == null || !referer.toLowerCase(Locale.ROOT).startsWith(ownOrigin.toLowerCase(Locale.ROOT) + "/")) {
            return new Refusal("console-cross-origin", "request refused: " + method + " needs an Origin or Referer"
                    + " header of this console (" + ownOrigin + ")");
        }
        if (sessionToken == null || cookieToken == null || !MessageDigest.isEqual(
                sessionToken.getBytes(StandardCharsets.UTF_8), cookieToken.getBytes(StandardCharsets.UTF_8))) {
            return new Refusal("console-no-token", "request refused: it carries no Grapevine console token"
                    + " (a cookie set at login): reload the console page and try again");
        }
        return null;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() > 100 ? line.substring(0, 100) + "..." : line;
    }
}
