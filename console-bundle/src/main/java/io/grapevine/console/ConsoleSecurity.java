package io.grapevine.console;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.admin.GrapevineAdmin;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Web Console's login and cross-site guard, for every request to {@code /system/console/...}
 * (the console asks its security provider about each one, Felix's pages and resources included).
 * The password is checked by the core's admin service ({@link GrapevineAdmin#checkAdmin}), the one
 * check and back-off the REST API uses too; once a session has logged in with an
 * {@code Authorization} header, the same header in that session is let through without checking
 * the (slow, PBKDF2) password again. Then {@link ConsoleGuard} refuses, 403 with one line and a
 * count in {@code grapevine_refusals_total}, any request that may change something and does not
 * come from this console's own pages with the session's token. The launcher makes the console wait
 * for this provider ({@code felix.webconsole.security.providers=grapevine}), so the console's own
 * login ({@code felix.webconsole.password}) never runs.
 */
@Component(property = SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurity.ID)
public class ConsoleSecurity implements SecurityProvider {
    static final String ID = "grapevine";
    static final String USER = "admin";
    private static final String LOGIN = ConsoleSecurity.class.getName() + ".login";
    /** Keeps the digest of a logged-in header, which a session holds, from being a plain hash of the password. */
    private static final byte[] PEPPER = new byte[32];

    static {
        new SecureRandom().nextBytes(PEPPER);
    }

    /** The largest refused body read to keep its connection: a form, or a module jar, upload. */
    private static final long DISCARDED_BODY_LIMIT = 4L << 20;

    private final GrapevineAdmin admin;

    @Activate
    public ConsoleSecurity(@Reference GrapevineAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        try {
            return admit(request, response);
        } catch (IOException e) {
            return null; // the client went away while being answered
        }
    }

    private Object admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String authorization = request.getHeader("Authorization");
        HttpSession session = request.getSession(false);
        if (!loggedIn(session, authorization)) {
            String[] basic = basic(authorization);
            try {
                admin.checkAdmin(basic == null ? null : basic[0], basic == null ? null : basic[1], request.getRemoteAddr());
            } catch (AdminException e) {
                refuse(request, response, e.status(), e.getMessage(), e.retryAfterSeconds());
                return null;
            }
            // No session exists before a login (nothing else runs for an unknown client): none to fixate.
            session = request.getSession(true);
            session.setAttribute(LOGIN, digest(authorization));
        }
        String token = CsrfToken.of(session);
        String cookie = cookie(request, ConsoleGuard.COOKIE);
        ConsoleGuard.Refusal refusal = ConsoleGuard.check(request.getMethod(), origin(request),
                request.getHeader("Origin"), request.getHeader("Referer"), cookie, token);
        if (refusal != null) {
            admin.countRefusal(refusal.code());
            refuse(request, response, 403, refusal.reason(), 0);
            return null;
        }
        if (!token.equals(cookie)) {
            response.addHeader("Set-Cookie", ConsoleGuard.COOKIE + "=" + token + "; Path=" + root(request)
                    + "; HttpOnly; SameSite=Strict" + (request.isSecure() ? "; Secure" : ""));
        }
        return USER;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return USER.equals(user); // one user, who may do everything the console offers
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException e) {
                // already invalid
            }
        }
    }

    private static boolean loggedIn(HttpSession session, String authorization) {
        try {
            return session != null && authorization != null && session.getAttribute(LOGIN) instanceof byte[] kept
                    && MessageDigest.isEqual(kept, digest(authorization));
        } catch (IllegalStateException e) {
            return false; // invalidated meanwhile
        }
    }

    static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason,
            long retryAfterSeconds) throws IOException {
        discardSmallBody(request);
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Grapevine\", charset=\"UTF-8\"");
        }
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        byte[] body = (reason.replaceAll("\\s+", " ").strip() + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /**
     * Reads and drops a refused request's body when it is small, so that the connection can answer
     * it: closed with the client still sending, the socket is reset and the client may lose the
     * answer with it. A larger (or unannounced) body is not waited for: the connection closes.
     */
    private static void discardSmallBody(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length <= 0 || length > DISCARDED_BODY_LIMIT) {
            return;
        }
        try {
            request.getInputStream().skipNBytes(length);
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the body was read already: nothing left to keep the connection for
        }
    }

    /** This console's origin as the request addressed it: {@code scheme://host[:port]}. */
    static String origin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return request.getScheme() + "://" + (host != null && !host.isBlank() ? host.strip()
                : request.getServerName() + ":" + request.getServerPort());
    }

    /** The console's root path ({@code /system/console}), where the token cookie goes and nowhere else. */
    private static String root(HttpServletRequest request) {
        // The console hands its provider a request whose servlet path is the console's root.
        String root = request.getContextPath() + request.getServletPath();
        return root.isEmpty() || !root.startsWith("/") ? "/" : root;
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** {user, password} of an HTTP Basic {@code Authorization} header; null when it is not one. */
    static String[] basic(String authorization) {
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

    private static byte[] digest(String authorization) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(PEPPER);
            return sha256.digest(authorization.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
