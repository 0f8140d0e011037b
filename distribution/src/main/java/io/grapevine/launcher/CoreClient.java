package io.grapevine.launcher;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * The calls {@code grapevine-ctl} makes to a node's REST API under {@code /core}. Each returns
 * the node's JSON answer as text; anything but a 2xx answer, and any network trouble, becomes a
 * {@link CtlFailure} with a one-line reason (the node's {@code {"error": ...}} when it gave one).
 */
final class CoreClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    static final String ADMIN_USER = "admin";

    /** Bound on an answer read into memory; a node's status or history is far smaller. */
    static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final URI node;
    private final String authorization;
    private final Duration requestTimeout;
    private final HttpClient http;

    /**
     * @param node the node's base URL, without a trailing slash
     * @param adminPassword the password of user {@code admin}, or {@code null} to send no
     *     credentials (reads need none, and should not spread the password needlessly)
     */
    CoreClient(URI node, String adminPassword) {
        this(node, adminPassword, REQUEST_TIMEOUT);
    }

    /** As above, with {@code requestTimeout} for each whole request. */
    CoreClient(URI node, String adminPassword, Duration requestTimeout) {
        this.node = node;
        this.requestTimeout = requestTimeout;
        this.authorization = adminPassword == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((ADMIN_USER + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
        // HTTP/1.1 only: the JDK would otherwise try an h2c upgrade, which buys nothing here.
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    String status() throws CtlFailure {
        return send(request("/core/status").GET());
    }

    String history() throws CtlFailure {
        return send(request("/core/history").GET());
    }

    /** Uploads the jar, streamed from the file. */
    String deploy(Path jar) throws CtlFailure {
        BodyPublisher body;
        try {
            body = BodyPublishers.ofFile(jar);
        } catch (FileNotFoundException e) {
            throw new CtlFailure("cannot read " + jar + ": " + e.getMessage());
        }
        return send(request("/core/deployments").header("Content-Type", "application/java-archive").POST(body));
    }

    String undeploy(String module) throws CtlFailure {
        return send(request("/core/deployments?remove=" + queryValue(module)).POST(BodyPublishers.noBody()));
    }

    String rollback(String deployment) throws CtlFailure {
        return send(request("/core/rollback?to=" + queryValue(deployment)).POST(BodyPublishers.noBody()));
    }

    /** An unsigned proposal: of deploying the jar, or of {@code remove=module} / {@code rollback=deployment}. */
    String propose(Path jar, String query) throws CtlFailure {
        if (jar == null) {
            return send(request("/core/proposals?" + query).POST(BodyPublishers.noBody()));
        }
        try {
            return send(request("/core/proposals").header("Content-Type", "application/java-archive")
                    .POST(BodyPublishers.ofFile(jar)));
        } catch (FileNotFoundException e) {
            throw new CtlFailure("cannot read " + jar + ": " + e.getMessage());
        }
    }

    /** A configuration carrying its signatures. */
    String submit(String signed) throws CtlFailure {
        return send(request("/core/deployments").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(signed)));
    }

    String config() throws CtlFailure {
        return send(request("/core/config").GET());
    }

    String trust() throws CtlFailure {
        return send(request("/core/trust").GET());
    }

    String rotate(String signedRoot) throws CtlFailure {
        return send(request("/core/trust").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(signedRoot)));
    }

    /** The keyring's ids ({@code op} null), or a change: install (with {@code body}), use or remove. */
    String keys(String op, String value) throws CtlFailure {
        if (op == null) {
            return send(request("/core/keys").GET());
        }
        return op.equals("install") ? send(request("/core/keys?install").POST(BodyPublishers.ofString(value)))
                : send(request("/core/keys?" + query(op, value)).POST(BodyPublishers.noBody()));
    }

    String forget(String node) throws CtlFailure {
        return send(request("/core/roster?" + query("forget", node)).POST(BodyPublishers.noBody()));
    }

    static String query(String key, String value) {
        return key + "=" + queryValue(value);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(node + pathAndQuery))
                .timeout(requestTimeout).header("Accept", "application/json");
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private String send(HttpRequest.Builder builder) throws CtlFailure {
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(builder.build(), BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
        } catch (HttpConnectTimeoutException e) {
            throw new CtlFailure("no connection to " + node + " within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new CtlFailure("no answer from " + node + " within " + requestTimeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new CtlFailure("cannot connect to " + node + " (is the node running?)");
        } catch (IOException e) {
            throw new CtlFailure("talking to " + node + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlFailure("interrupted while talking to " + node);
        }
        if (body.length > MAX_ANSWER_BYTES) {
            throw new CtlFailure("the answer of " + node + " is larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new CtlFailure(errorReason(status, text));
        }
        return text;
    }

    /** The node's own {@code {"error": ...}} message and the status code. */
    static String errorReason(int status, String body) {
        String message = null;
        try {
            JsonElement root = JsonParser.parseString(body);
            JsonElement error = root.isJsonObject() ? root.getAsJsonObject().get("error") : null;
            if (error != null && error.isJsonPrimitive() && !error.getAsString().isBlank()) {
                message = error.getAsString();
            }
        } catch (JsonParseException e) {
            // Not the core's JSON (a proxy's or the server's own page): the status must do.
        }
        String reason = (message == null ? "the node refused the request" : message) + " (HTTP " + status + ")";
        return status == 401 ? reason + "; check the admin password" : reason;
    }

    private static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
