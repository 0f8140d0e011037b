package io.grapevine.core.http;

import com.google.gson.JsonArray;
import io.grapevine.core.admin.AdminException;
import io.grapevine.core.admin.GrapevineAdmin;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.Json;
import io.grapevine.core.driver.NodeDriver;
import io.grapevine.core.driver.Refused;
import io.grapevine.core.net.GossipCodec;
import io.grapevine.core.node.GossipMessage;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.telemetry.Metrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The core's REST API under {@code /core}. Reads and core-to-core gossip are open; changes
 * (deploy, rollback) need the admin's HTTP Basic credential. Bad input gets a 4xx with {@code {"error": "<one line>"}} and
 * changes nothing.
 */
public final class CoreServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient GrapevineAdmin admin;
    private final transient NodeDriver driver;
    private final transient BundleStore store;
    private final transient Metrics metrics;
    private final transient AdminCredential credential;

    public CoreServlet(GrapevineAdmin admin, NodeDriver driver, BundleStore store, Metrics metrics,
            AdminCredential credential) {
        this.admin = admin;
        this.driver = driver;
        this.store = store;
        this.metrics = metrics;
        this.credential = credential;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        try {
            route(path, request, response);
        } catch (Refused e) {
            HttpReplies.error(response, e.status(), e.getMessage());
        } catch (AdminException e) {
            HttpReplies.error(response, e.status(), e.getMessage());
        }
    }

    private void route(String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException, Refused, AdminException {
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
            case "/deployments" -> {
                allow(method, "POST");
                requireAdmin(request);
                String remove = request.getParameter("remove");
                created(response, remove != null ? admin.undeploy(remove) : admin.deploy(readBody(request)));
            }
            case "/rollback" -> {
                allow(method, "POST");
                requireAdmin(request);
                String to = request.getParameter("to");
                if (to == null || to.isBlank()) {
                    throw new Refused(400, "rollback needs ?to=<deployment number>");
                }
                created(response, admin.rollback(to));
            }
            default -> throw new Refused(404, "no such resource: /core" + path);
        }
    }

    /** Core-to-core push-pull: the peer's message in, ours out. Nothing changes on bad input. */
    private void gossip(HttpServletRequest request, HttpServletResponse response) throws IOException, Refused {
        byte[] body = HttpReplies.body(request, GossipCodec.MAX_BYTES, "gossip message");
        GossipMessage incoming;
        try {
            incoming = GossipCodec.decode(body);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, e.getMessage());
        }
        GossipMessage answer = driver.receive(incoming, body.length);
        if (answer == null) {
            throw new Refused(503, "node busy, gossip again later");
        }
        byte[] reply = GossipCodec.encode(answer);
        metrics.add(Metrics.CORE_MESSAGES_SENT, 1);
        metrics.add(Metrics.CORE_BYTES_SENT, reply.length);
        HttpReplies.send(response, 200, "application/json", reply);
    }

    private byte[] readBody(HttpServletRequest request) throws IOException, Refused {
        long declared = request.getContentLengthLong();
        long limit = store.maxBytes();
        if (declared > limit) {
            throw new Refused(413, "bundle too large: " + limit + " bytes is the limit");
        }
        byte[] body;
        try {
            body = store.readBounded(request.getInputStream());
        } catch (BundleStore.TooLargeException e) {
            throw new Refused(413, e.getMessage());
        }
        if (body.length == 0) {
            throw new Refused(400, "no bundle in the request body (send the jar as application/java-archive)");
        }
        return body;
    }

    private void requireAdmin(HttpServletRequest request) throws Refused {
        if (!credential.accepts(request.getHeader("Authorization"))) {
            throw new Refused(401, "admin credential required (HTTP Basic, user admin)");
        }
    }

    private static void allow(String method, String allowed) throws Refused {
        boolean ok = method.equals(allowed) || (allowed.equals("GET") && method.equals("HEAD"));
        if (!ok) {
            throw new Refused(405, "method " + method + " not allowed here; use " + allowed);
        }
    }

    private static void created(HttpServletResponse response, String deployment) throws IOException {
        HttpReplies.json(response, 201, Json.GSON.toJson(Map.of("deployment", deployment)));
    }
}
