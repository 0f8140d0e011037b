package io.grapevine.core.http;

import com.google.gson.JsonArray;
import io.grapevine.core.admin.AdminException;
import io.grapevine.core.admin.GrapevineAdmin;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.Json;
import io.grapevine.core.driver.NodeDriver;
import io.grapevine.core.modules.JarPolicy;
import io.grapevine.core.net.GossipCodec;
import io.grapevine.core.net.Keyring;
import io.grapevine.core.node.GossipMessage;
import io.grapevine.core.node.Action;
import io.grapevine.core.node.Change;
import io.grapevine.core.node.Node;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.store.KeyringFile;
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
    /** The largest body read only to answer its refusal on a connection that stays up. */
    private static final long MAX_REFUSED_BODY = 4L << 20;

    private final transient GrapevineAdmin admin;
    private final transient NodeDriver driver;
    private final transient BundleStore store;
    private final transient JarPolicy policy;
    private final transient Metrics metrics;
    private final transient PeerAuth auth;
    private final transient Keyring keyring;
    private final transient KeyringFile keyringFile;
    private final transient BodyReader bodies;

    public CoreServlet(GrapevineAdmin admin, NodeDriver driver, BundleStore store, JarPolicy policy, Metrics metrics,
            Keyring keyring, KeyringFile keyringFile, BodyReader bodies) {
        this.bodies = bodies;
        this.auth = new PeerAuth(keyring, metrics);
        this.keyring = keyring;
        this.keyringFile = keyringFile;
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
            route(path, HttpReplies.query(request), request, response);
        } catch (AdminException e) {
            refuse(request, response, e);
        }
    }

    /**
     * Answers a refusal once a small body sent with it has arrived: a connection closed while the
     * client still sends is reset, and the client may lose the answer with it. A body refused for
     * its size is not waited for: the client is told at once.
     */
    private void refuse(HttpServletRequest request, HttpServletResponse response, AdminException refusal)
            throws IOException {
        long length = request.getContentLengthLong();
        boolean smallBodyToCome = !request.isAsyncStarted() && length > 0 && length <= MAX_REFUSED_BODY;
        if (refusal.status() != 413 && smallBodyToCome) {
            try {
                bodies.read(request, response, MAX_REFUSED_BODY, "refused request", body -> answer(response, refusal));
                return;
            } catch (AdminException notReadable) {
                // answered below, and the connection closes
            }
        }
        answer(response, refusal);
    }

    private static void answer(HttpServletResponse response, AdminException e) throws IOException {
        if (e.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        if (e.status() == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Grapevine\", charset=\"UTF-8\"");
        }
        HttpReplies.error(response, e.status(), e.getMessage());
    }

    /** Answers at once, or once the request's body is whole (see {@link BodyReader}). */
    private void route(String path, Map<String, String> query, HttpServletRequest request,
            HttpServletResponse response) throws IOException, AdminException {
        String method = request.getMethod();
        if (path.startsWith("/bundles/")) {
            allow(method, "GET");
            BundleDownload.serve(store, path.substring("/bundles/".length()), response, auth,
                    auth.authenticate(request, new byte[0]));
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
                bodies.read(request, response, GossipCodec.MAX_BYTES, "gossip message",
                        body -> gossip(request, body, response));
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
            case "/roster" -> {
                allow(method, "POST");
                requireAdmin(request);
                String forget = query.get("forget");
                if (forget == null || !forget.matches("[A-Za-z0-9.\\-\\[\\]:]{1,255}:[0-9]{1,5}")) {
                    throw new AdminException(400, "roster takes ?forget=<host:port>");
                }
                driver.forget(forget);
                HttpReplies.json(response, 200, Json.GSON.toJson(admin.status().roster()));
            }
            case "/keys" -> {
                requireAdmin(request);
                keys(method, query, request, response);
            }
            case "/deployments" -> {
                allow(method, "POST");
                if (isJson(request)) {
                    bodies.read(request, response, MAX_SIGNED_BYTES, "configuration",
                            body -> created(response, driver.submit(signedConfiguration(body))));
                    return;
                }
                requireAdmin(request);
                change(query.get("remove"), request, response, change -> answered(response, driver.change(change)));
            }
            case "/rollback" -> {
                allow(method, "POST");
                requireAdmin(request);
                answered(response, driver.change(new Change.Rollback(deployment(query.get("to"), "to"))));
            }
            case "/proposals" -> {
                allow(method, "POST");
                requireAdmin(request);
                Changed propose = change -> HttpReplies.json(response, 200, CanonicalJson.write(driver.propose(change)));
                if (query.containsKey("rollback")) {
                    propose.accept(new Change.Rollback(deployment(query.get("rollback"), "rollback")));
                } else {
                    change(query.get("remove"), request, response, propose);
                }
            }
            default -> throw new AdminException(404, "no such resource: /core" + path);
        }
    }

    /** Core-to-core push-pull: the peer's message in, ours out. Nothing changes on bad input. */
    private void gossip(HttpServletRequest request, byte[] body, HttpServletResponse response)
            throws IOException, AdminException {
        PeerAuth.Peer peer = auth.authenticate(request, body);
        Node.Reply reply;
        try {
            GossipMessage message = GossipCodec.decode(body);
            if (!message.from().equals(peer.from())) {
                throw new AdminException(400, "the message says it is from " + message.from() + ", its MAC says "
                        + peer.from());
            }
            reply = driver.receive(message, body.length);
        } catch (IllegalArgumentException e) {
            metrics.add(Metrics.REFUSALS, "malformed", 1);
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
        auth.send(response, peer, 200, "application/json", answer);
    }

    /** {@code GET}: the trust chain this node believes; {@code POST}: a new root signed by the current threshold. */
    private void trust(String method, HttpServletRequest request, HttpServletResponse response)
            throws IOException, AdminException {
        if (!method.equals("POST")) {
            allow(method, "GET");
            HttpReplies.json(response, 200, TrustRoot.writeChain(List.of(driver.view().trust())));
            return;
        }
        bodies.read(request, response, MAX_SIGNED_BYTES, "trust root", body -> {
            try {
                List<TrustRoot> roots = TrustRoot.readChain(new String(body, StandardCharsets.UTF_8));
                driver.rotate(roots.get(roots.size() - 1));
            } catch (RuntimeException e) {
                throw new AdminException(400, "not a trust root: " + e.getMessage());
            }
            HttpReplies.json(response, 201, TrustRoot.writeChain(List.of(driver.view().trust())));
        });
    }

    /**
     * The cluster keyring, as Serf's {@code keys}: {@code GET} lists the key ids (never a secret),
     * {@code POST ?install} (the base64 key as the body), {@code ?use=<id>} and {@code ?remove=<id>}.
     */
    private void keys(String method, Map<String, String> query, HttpServletRequest request,
            HttpServletResponse response) throws IOException, AdminException {
        if (!method.equals("POST")) {
            allow(method, "GET");
            keyring(response);
            return;
        }
        bodies.read(request, response, 1024, "key", body -> {
            try {
                if (query.containsKey("install")) {
                    keyring.install(Keyring.decode(new String(body, StandardCharsets.US_ASCII)));
                } else if (query.get("use") != null) {
                    keyring.use(query.get("use"));
                } else if (query.get("remove") != null) {
                    keyring.remove(query.get("remove"));
                } else {
                    throw new AdminException(400, "keys takes ?install (the key as the body), ?use=<id> or ?remove=<id>");
                }
            } catch (IllegalArgumentException e) {
                throw new AdminException(400, e.getMessage());
            }
            keyringFile.write(keyring);
            keyring(response);
        });
    }

    private void keyring(HttpServletResponse response) throws IOException {
        HttpReplies.json(response, 200, Json.GSON.toJson(Map.of("primary", keyring.primary(), "keys", keyring.ids())));
    }

    private static Configuration signedConfiguration(byte[] body) throws AdminException {
        Configuration config;
        try {
            config = CanonicalJson.fromTree(Json.parse(new String(body, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (RuntimeException e) {
            throw new AdminException(400, "malformed configuration: " + e.getMessage());
        }
        if (config.deployment() == null) {
            throw new AdminException(400, "the configuration has no deployment number");
        }
        return config;
    }

    /** What is done with a change once its jar (if any) is whole. */
    @FunctionalInterface
    private interface Changed {
        void accept(Change change) throws IOException, AdminException;
    }

    /** {@code remove} names a module to remove; else the body is the jar to deploy, read as it arrives. */
    private void change(String remove, HttpServletRequest request, HttpServletResponse response, Changed then)
            throws IOException, AdminException {
        if (remove != null) {
            then.accept(new Change.Undeploy(remove));
            return;
        }
        bodies.read(request, response, store.maxBytes(), "bundle", jar -> {
            if (jar.length == 0) {
                throw new AdminException(400, "no bundle in the request body (send the jar as application/java-archive)");
            }
            then.accept(new Change.Deploy(policy.stage(jar)));
        });
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

    /** 201 with the deployment made, or 200 with the current one and why nothing changed. */
    private static void answered(HttpServletResponse response, Action.Answer answer) throws IOException {
        if (answer.status() == 201) {
            created(response, answer.config());
        } else {
            HttpReplies.json(response, 200, Json.GSON.toJson(Map.of("deployment",
                    answer.config().deployment().toString(), "unchanged", true, "reason", answer.reason())));
        }
    }

    private static void created(HttpServletResponse response, Configuration made) throws IOException {
        HttpReplies.json(response, 201, Json.GSON.toJson(Map.of("deployment", made.deployment().toString())));
    }
}
