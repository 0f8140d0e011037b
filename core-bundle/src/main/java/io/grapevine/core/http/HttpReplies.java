package io.grapevine.core.http;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.config.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Parses what a request says besides its body, and writes answers. Errors are {@code {"error": "<one line>"}}. */
final class HttpReplies {
    private static final int MAX_REASON = 300;

    private HttpReplies() {
    }

    /**
     * The query's parameters, the first value of each; 400 on a malformed percent-encoding or
     * UTF-8 (the servlet's own parameters throw there, which Felix HTTP answers 500). Never reads a
     * form body, as the servlet's parameters would, so a slow one holds no thread.
     */
    static Map<String, String> query(HttpServletRequest request) throws AdminException {
        Map<String, String> query = new HashMap<>();
        String raw = request.getQueryString();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (!pair.isEmpty()) {
                query.putIfAbsent(decode(equals < 0 ? pair : pair.substring(0, equals)),
                        equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        return query;
    }

    private static String decode(String part) throws AdminException {
        try {
            if (!part.chars().allMatch(c -> c < 0x80)) {
                throw new IllegalArgumentException("raw non-ASCII characters, percent-encode them");
            }
            byte[] bytes = URLDecoder.decode(part, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new AdminException(400, "malformed query parameter '" + part + "': "
                    + (e instanceof CharacterCodingException ? "not UTF-8" : e.getMessage()));
        }
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

    /** One line of at most {@value #MAX_REASON} characters: reasons may quote what a peer sent. */
    static String oneLine(String message) {
        String line = message == null ? "unknown error" : message.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
    }
}
