package io.grapevine.api;

import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request routed to a module, already read by the core (its body bounded in size).
 *
 * @param method the HTTP method, upper case
 * @param path the path below {@code /<module-name>}, starting with {@code /} (or empty)
 * @param query the decoded query parameters, first value of each
 * @param body the request body, possibly empty, never null
 * @param from the sending node's host:port for a module exchange ({@link ModuleContext#exchange}),
 *     {@code null} for any other request
 */
public record ModuleRequest(String method, String path, Map<String, String> query, byte[] body, String from) {
    public ModuleRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }
}
