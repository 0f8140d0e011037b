package io.grapevine.core.http;

import io.grapevine.core.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes the core's JSON answers. Errors are {@code {"error": "<one line>"}}. */
final class HttpReplies {
    private HttpReplies() {
    }

    static void json(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        json(response, status, Json.GSON.toJson(Map.of("error", oneLine(message))));
    }

    static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s+", " ").strip();
    }
}
