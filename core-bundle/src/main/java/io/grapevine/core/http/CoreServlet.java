package io.grapevine.core.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.grapevine.core.admin.AdminException;
import io.grapevine.core.admin.GrapevineAdmin;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.Json;
import io.grapevine.core.driver.NodeDriver;
import io.grapevine.core.modules.JarPolicy;
import io.grapevine.core.net.GossipCodec;
import io.grapevine.core.node.Change;
import io.grapevine.core.node.Node;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.telemetry.Metrics;
import io.grapevine.core.trust.TrustRoot;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The core's REST API under {@code /core}. Reads and core-to-core gossip are open. Changes made
 * by the node (a jar to deploy, a rollback, a removal, a proposal) need the admin's HTTP Basic
 * credential; a configuration or trust root signed elsewhere carries its own authority. Bad input
 * gets a 4xx with {@code {"error": "<one line>"}} and changes nothing.
 */
public final class CoreServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_SIGNED_BYTES = GossipCodec.MAX_BYTES;

    private final transient GrapevineAdmin admin;
    private final transient NodeDriver driver;
    private final transient BundleStore store;
    private final transient JarPolicy policy;
    private final transient Metrics metrics;

    public CoreServlet(GrapevineAdmin admin, NodeDriver driver, BundleStore store, JarPolicy policy, Metrics metrics) {
        this.admin = admin;
        this.driver = driver;
        this.store = store;
        this.policy = policy;
        this.metrics = metrics;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        try {
            route(path, request, response);
        } catch (AdminException e) {
            if (e.retryAfterSeconds() > 0) {
                response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            }
            if (e.status() == 401) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Grapevine\", charset=\"UTF-8\"");
            }
            HttpReplies.error(response, e.status(), e.getMessage());
        }
    }

    private void route(String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException, AdminException {
        String method = request.getMethod();
        if (path.startsWith("/bundles/")) {
            allow(method, "GET");
            BundleDownload.serve(store, path.substring("/bundles/".length()), response);
            return;
        }
        switch (path) {
            case "/status" -> {
                allow(method, "GET");
                HttpReplies.json(response, 200, Json.GSON.toJson(admin.status()));
            }
            case "/config" -> {
                allow(method, "GET");
                HttpReplies.json(response, 200, CanonicalJson.write(driver.view().current()));
            }
            case "/history" -> {
                allow(method, "GET");
                JsonArray list = new JsonArray();
                for (Configuration config : driver.view().history()) {
                    list.add(CanonicalJson.toTree(config));
                }
                HttpReplies.json(response, 200, list.toString());
            }
            case "/gossip" -> {
                allow(method, "POST");
                gossip(request, response);
            }
            case "/metrics" -> {
                allow(method, "GET");
                HttpReplies.send(response, 200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.render().getBytes(StandardCharsets.UTF_8));
            }
            case "/events" -> {
                allow(method, "GET");
                HttpReplies.json(response, 200, Json.GSON.toJson(admin.events()));
            }
            case "/trust" -> trust(method, request, response);
            case "/deployments" -> {
                allow(method, "POST");
                if (isJson(request)) {
                    created(response, driver.submit(signedConfiguration(request)));
                    return;
                }
                requireAdmin(request);
                created(response, driver.change(change(request, "remove")));
            }
            case "/rollback" -> {
                allow(method, "POST");
                requireAdmin(request);
                created(response, driver.change(new Change.Rollback(deployment(request.getParameter("to"), "to"))));
            }
            case "/proposals" -> {
                allow(method, "POST");
                requireAdmin(request);
                Change change = request.getParameter("rollback") != null
                        ? new Change.Rollback(deployment(request.getParameter("rollback"), "rollback"))
                        : change(request, "remove");
                HttpReplies.json(response, 200, CanonicalJson.write(driver.propose(change)));
            }
            default -> throw new AdminException(404, "no such resource: /core" + path);
        }
    }

    /** Core-to-core push-pull: the peer's message in, ours out. Nothing changes on bad input. */
    private void gossip(HttpServletRequest request, HttpServletResponse response) throws IOException, AdminException {
        byte[] body = HttpReplies.body(request, GossipCodec.MAX_BYTES, "gossip message");
        Node.Reply reply;
        try {
            reply = driver.receive(GossipCodec.decode(body), body.length);
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, e.getMessage());
        }
        if (reply == null) {
            throw new AdminException(503, "node busy, gossip again later");
        }
        if (reply.refusal() != null) {
            throw new AdminException(403, "configuration refused (" + reply.refusal().code() + "): "
                    + reply.refusal().detail());
        }
        byte[] answer = GossipCodec.encode(reply.message());
        metrics.add(Metrics.CORE_MESSAGES_SENT, 1);
        metrics.add(Metrics.CORE_BYTES_SENT, answer.length);
        HttpReplies.send(response, 200, "application/json", answer);
    }

    /** {@code GET}: the trust chain this node believes; {@code POST}: a new root signed by the current threshold. */
    private void trust(String method, HttpServletRequest request, HttpServletResponse response)
            throws IOException, AdminException {
        if (method.equals("POST")) {
            try {
                List<TrustRoot> roots = TrustRoot.readChain(new String(HttpReplies.body(request, MAX_SIGNED_BYTES,
                        "trust root"), StandardCharsets.UTF_8));
                driver.rotate(roots.get(roots.size() - 1));
            } catch (RuntimeException e) {
                throw new AdminException(400, "not a trust root: " + e.getMessage());
            }
        } else {
            allow(method, "GET");
        }
        HttpReplies.json(response, method.equals("POST") ? 201 : 200, TrustRoot.writeChain(List.of(driver.view().trust())));
    }

    private Configuration signedConfiguration(HttpServletRequest request) throws IOException, AdminException {
        String body = new String(HttpReplies.body(request, MAX_SIGNED_BYTES, "configuration"), StandardCharsets.UTF_8);
        Configuration config;
        try {
            config = CanonicalJson.fromTree(JsonParser.parseString(body).getAsJsonObject());
        } catch (RuntimeException e) {
            throw new AdminException(400, "malformed configuration: " + e.getMessage());
        }
        if (config.deployment() == null) {
            throw new AdminException(400, "the configuration has no deployment number");
        }
        return config;
    }

    /** A jar in the body to deploy, or {@code ?<removeParameter>=<module>} to remove. */
    private Change change(HttpServletRequest request, String removeParameter) throws IOException, AdminException {
        String remove = request.getParameter(removeParameter);
        return remove != null ? new Change.Undeploy(remove) : new Change.Deploy(policy.stage(readJar(request)));
    }

    private byte[] readJar(HttpServletRequest request) throws IOException, AdminException {
        long limit = store.maxBytes();
        if (request.getContentLengthLong() > limit) {
            throw new AdminException(413, "bundle too large: " + limit + " bytes is the limit");
        }
        byte[] body;
        try {
            body = store.readBounded(request.getInputStream());
        } catch (BundleStore.TooLargeException e) {
            throw new AdminException(413, e.getMessage());
        }
        if (body.length == 0) {
            throw new AdminException(400, "no bundle in the request body (send the jar as application/java-archive)");
        }
        return body;
    }

    private static DeploymentNumber deployment(String token, String parameter) throws AdminException {
        if (token == null || token.isBlank()) {
            throw new AdminException(400, "this needs ?" + parameter + "=<deployment number>");
        }
        try {
            return DeploymentNumber.parse(token);
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, e.getMessage());
        }
    }

    private static boolean isJson(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    /** The admin's HTTP Basic credential, checked by the admin service (with its back-off per address). */
    private void requireAdmin(HttpServletRequest request) throws AdminException {
        String[] basic = AdminCredential.basic(request.getHeader("Authorization"));
        admin.checkAdmin(basic == null ? null : basic[0], basic == null ? null : basic[1], request.getRemoteAddr());
    }

    private static void allow(String method, String allowed) throws AdminException {
        boolean ok = method.equals(allowed) || (allowed.equals("GET") && method.equals("HEAD"));
        if (!ok) {
            throw new AdminException(405, "method " + method + " not allowed here; use " + allowed);
        }
    }

    private static void created(HttpServletResponse response, Configuration made) throws IOException {
        HttpReplies.json(response, 201, Json.GSON.toJson(Map.of("deployment", made.deployment().toString())));
    }
}
