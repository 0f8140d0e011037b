package io.grapevine.core.http;

import io.grapevine.core.config.Json;
import io.grapevine.core.admin.AdminException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads bounded request bodies and writes answers. Errors are {@code {"error": "<one line>"}}. */
final class HttpReplies {
    private HttpReplies() {
    }

    /** The request body, refused with 413 when it says or turns out to be over {@code max} bytes. */
    static byte[] body(HttpServletRequest request, int max, String what) throws IOException, AdminException {
        byte[] body = request.getContentLengthLong() > max ? null : request.getInputStream().readNBytes(max + 1);
        if (body == null || body.length > max) {
            throw new AdminException(413, what + " over " + max + " bytes");
        }
        return body;
    }

    static void send(HttpServletResponse response, int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static void json(HttpServletResponse response, int status, String json) throws IOException {
        send(response, status, "application/json;charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, "application/json;charset=utf-8", errorBody(message));
    }

    static byte[] errorBody(String message) {
        return Json.GSON.toJson(Map.of("error", oneLine(message))).getBytes(StandardCharsets.UTF_8);
    }

    static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s+", " ").strip();
    }
}
