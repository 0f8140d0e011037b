package io.grapevine.console;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.admin.GrapevineAdmin;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The console's POST actions, deploy (a multipart upload of a bundle jar) and rollback. Each POST
 * must carry the session's {@link CsrfToken}, or it gets 403 and changes nothing. The outcome is
 * kept in the session and the browser is sent (303) to the page with the outcome's id, so that
 * reloading the page shows the outcome again instead of repeating the action.
 */
final class ConsoleActions {
    static final String RESULT = "result";
    /** Room for the multipart framing and the small form fields around the jar. */
    static final long FORM_OVERHEAD = 64 * 1024;
    private static final int KEPT = 16;

    /** The outcome of one action, shown once the browser follows the redirect. */
    record Result(boolean ok, String message) {
    }

    private final GrapevineAdmin admin;

    ConsoleActions(GrapevineAdmin admin) {
        this.admin = admin;
    }

    void post(HttpServletRequest request, HttpServletResponse response, String pluginRoot) throws IOException {
        long limit = admin.maxBundleBytes() + FORM_OVERHEAD;
        if (request.getContentLengthLong() < 0 || request.getContentLengthLong() > limit) {
            // Checked before any part is parsed: the upload is never read.
            response.sendError(413, "a console form may send at most " + limit + " bytes, with a Content-Length");
            return;
        }
        HttpSession session = request.getSession(false);
        if (!CsrfToken.matches(session, request.getParameter(CsrfToken.FIELD))) {
            response.sendError(403, "missing or wrong CSRF token: reload the Grapevine page and try again");
            return;
        }
        Result result = switch (String.valueOf(request.getParameter("action"))) {
            case "deploy" -> deploy(request);
            case "rollback" -> rollback(request.getParameter("to"));
            default -> new Result(false, "unknown action");
        };
        response.setStatus(303);
        response.setHeader("Location", pluginRoot + "?" + RESULT + "=" + keep(session, result));
    }

    private Result deploy(HttpServletRequest request) throws IOException {
        byte[] jar;
        try {
            Part part = request.getPart("bundle");
            if (part == null || part.getSize() == 0) {
                return new Result(false, "Deploy refused: no bundle file chosen");
            }
            try (InputStream in = part.getInputStream()) {
                jar = BoundedRead.jar(in, admin.maxBundleBytes());
            }
        } catch (ServletException | IllegalStateException e) {
            return new Result(false, "Deploy refused: not a file upload (" + e.getMessage() + ")");
        } catch (BoundedRead.TooLarge e) {
            return new Result(false, "Deploy refused: " + e.getMessage());
        }
        try {
            String number = admin.deploy(jar);
            String module = admin.history().stream().filter(c -> c.deployment().equals(number))
                    .flatMap(c -> c.modules().stream()).filter(m -> m.deployment().equals(number))
                    .map(m -> m.name() + " " + m.version()).findFirst().orElse("the bundle");
            return new Result(true, "Deployed " + module + " as deployment " + number);
        } catch (AdminException e) {
            return new Result(false, "Deploy refused: " + e.getMessage());
        }
    }

    private Result rollback(String to) {
        try {
            String number = admin.rollback(to);
            return new Result(true, "Rolled back to " + to + " as new deployment " + number);
        } catch (AdminException e) {
            return new Result(false, "Rollback refused: " + e.getMessage());
        }
    }

    /** Keeps {@code result} in the session (the last {@value #KEPT}) and returns its id. */
    static String keep(HttpSession session, Result result) {
        synchronized (ConsoleActions.class) {
            String id = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
            results(session, true).put(id, result);
            return id;
        }
    }

    /** The result kept under {@code id}, or null. */
    static Result result(HttpSession session, String id) {
        synchronized (ConsoleActions.class) {
            Map<String, Result> results = session == null || id == null ? null : results(session, false);
            return results == null ? null : results.get(id);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Result> results(HttpSession session, boolean create) {
        String attribute = ConsoleActions.class.getName();
        Object kept = session.getAttribute(attribute);
        if (kept == null && create) {
            kept = new LinkedHashMap<String, Result>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
                    return size() > KEPT;
                }
            };
            session.setAttribute(attribute, kept);
        }
        return (Map<String, Result>) kept;
    }
}
