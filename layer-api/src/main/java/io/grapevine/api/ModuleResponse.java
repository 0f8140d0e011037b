package io.grapevine.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A module's answer to a {@link ModuleRequest}.
 *
 * @param status HTTP status code
 * @param contentType media type of {@code body}
 * @param body the response body, never null
 */
public record ModuleResponse(int status, String contentType, byte[] body) {
    public ModuleResponse {
        Objects.requireNonNull(contentType, "contentType");
        body = body == null ? new byte[0] : body;
    }

    /** A 200 answer with a JSON body. */
    public static ModuleResponse json(String json) {
        return new ModuleResponse(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer with a status and a plain-text body. */
    public static ModuleResponse text(int status, String text) {
        return new ModuleResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
