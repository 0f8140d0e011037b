package io.grapevine.core.http;

import io.grapevine.core.GrapevineCore;
import io.grapevine.core.Json;
import io.grapevine.core.Refused;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.gossip.GossipCodec;
import io.grapevine.core.gossip.GossipMessage;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The core's REST API under {@code /core}. Reads and core-to-core gossip are open; changes
 * (deploy, rollback) need the admin's HTTP Basic credential. Bad input gets a 4xx with {@code {"error": "<one line>"}} and
 * changes nothing.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/core/*")
public class CoreServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient GrapevineCore core;

    @Activate
    public CoreServlet(@Reference GrapevineCore core) {
        this.core = core;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        try {
            route(path, request, response);
        } catch (Refused e) {
            HttpReplies.error(response, e.status(), e.getMessage());
        }
    }

    private void route(String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException, Refused {
        String method = request.getMethod();
        if (path.startsWith("/bundles/")) {
            allow(method, "GET");
            BundleDownload.serve(core.store(), path.substring("/bundles/".length()), response);
            return;
        }
        switch (path) {
            case "/status" -> {
                allow(method, "GET");
                HttpReplies.json(response, 200, Json.GSON.toJson(core.status()));
            }
            case "/config" -> {
                allow(method, "GET");
                HttpReplies.json(response, 200, CanonicalJson.write(core.configuration()));
            }
            case "/history" -> {
                allow(method, "GET");
                com.google.gson.JsonArray list = new com.google.gson.JsonArray();
                for (Configuration config : core.history()) {
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
                        core.metrics().render().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            case "/events" -> {
                allow(method, "GET");
                HttpReplies.json(response, 200, Json.GSON.toJson(core.events().all()));
            }
            case "/deployments" -> {
                allow(method, "POST");
                requireAdmin(request);
                String remove = request.getParameter("remove");
                DeploymentNumber number = remove != null ? core.remove(remove)
                        : core.deploy(readBody(request));
                created(response, number);
            }
            case "/rollback" -> {
                allow(method, "POST");
                requireAdmin(request);
                String to = request.getParameter("to");
                if (to == null || to.isBlank()) {
                    throw new Refused(400, "rollback needs ?to=<deployment number>");
                }
                created(response, core.rollback(to));
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
        byte[] reply = GossipCodec.encode(core.gossip().receive(incoming, body.length));
        core.metrics().add(io.grapevine.core.Metrics.CORE_MESSAGES_SENT, 1);
        core.metrics().add(io.grapevine.core.Metrics.CORE_BYTES_SENT, reply.length);
        HttpReplies.send(response, 200, "application/json", reply);
    }

    private byte[] readBody(HttpServletRequest request) throws IOException, Refused {
        long declared = request.getContentLengthLong();
        long limit = core.store().maxBytes();
        if (declared > limit) {
            throw new Refused(413, "bundle too large: " + limit + " bytes is the limit");
        }
        byte[] body;
        try {
            body = core.store().readBounded(request.getInputStream());
        } catch (io.grapevine.core.store.BundleStore.TooLargeException e) {
            throw new Refused(413, e.getMessage());
        }
        if (body.length == 0) {
            throw new Refused(400, "no bundle in the request body (send the jar as application/java-archive)");
        }
        return body;
    }

    private void requireAdmin(HttpServletRequest request) throws Refused {
        if (!core.admin().accepts(request.getHeader("Authorization"))) {
            throw new Refused(401, "admin credential required (HTTP Basic, user admin)");
        }
    }

    private static void allow(String method, String allowed) throws Refused {
        boolean ok = method.equals(allowed) || (allowed.equals("GET") && method.equals("HEAD"));
        if (!ok) {
            throw new Refused(405, "method " + method + " not allowed here; use " + allowed);
        }
    }

    private static void created(HttpServletResponse response, DeploymentNumber number) throws IOException {
        HttpReplies.json(response, 201, Json.GSON.toJson(Map.of("deployment", number.toString())));
    }
}
