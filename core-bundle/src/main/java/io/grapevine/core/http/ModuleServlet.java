package io.grapevine.core.http;

import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.driver.ModuleGossip;
import io.grapevine.core.driver.NodeDriver;
import io.grapevine.core.admin.AdminException;
import io.grapevine.core.modules.ModuleManager;
import io.grapevine.core.modules.ModuleThread.ModuleCallException;
import io.grapevine.core.telemetry.Metrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP demultiplexing (the paper's Figure 2): {@code /<module-name>/...} goes to that module's
 * request handler, on the module's thread. {@code /core} has its own, more specific servlet.
 */
public final class ModuleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int MAX_REQUEST_BYTES = 1 << 20;

    private final transient ModuleManager modules;
    private final transient NodeDriver driver;
    private final transient Metrics metrics;
    private final Duration callBound;
    private final transient BodyReader bodies;

    public ModuleServlet(ModuleManager modules, NodeDriver driver, Metrics metrics, Duration callBound,
            BodyReader bodies) {
        this.modules = modules;
        this.driver = driver;
        this.metrics = metrics;
        this.callBound = callBound;
        this.bodies = bodies;
    }

    /**
     * Version fencing: a module message from a peer whose module version differs from ours is
     * answered 409 with our numbers and never delivered; whichever side is behind catches up.
     */
    private boolean fenced(String module, String from, String theirModule, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        DeploymentNumber theirConfig = ModuleGossip.parseOrNull(request.getHeader(ModuleGossip.DEPLOYMENT));
        boolean validFrom = from != null && from.matches("[A-Za-z0-9.\\-\\[\\]:]{1,255}:[0-9]{1,5}");
        Optional<DeploymentNumber> ours = modules.running(module).map(m -> m.entry().deployment());
        DeploymentNumber ourConfig = driver.view().current().deployment();
        response.setHeader(ModuleGossip.DEPLOYMENT, String.valueOf(ourConfig));
        if (ours.isPresent() && ours.get().toString().equals(theirModule)) {
            if (validFrom) {
                driver.moduleContact(from, theirConfig, true);
            }
            return false;
        }
        metrics.add(Metrics.FENCING_REFUSALS, module, 1);
        if (validFrom) {
            driver.moduleContact(from, theirConfig, false);
        }
        if (ours.isEmpty()) {
            HttpReplies.error(response, 404, "no running module " + module + " here");
            return true;
        }
        response.setHeader(ModuleGossip.MODULE_DEPLOYMENT, ours.get().toString());
        HttpReplies.error(response, 409, "version mismatch: this node runs " + module + " of deployment "
                + ours.get() + ", the message comes from deployment " + theirModule);
        return true;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Map<String, String> query = HttpReplies.query(request);
            bodies.read(request, response, MAX_REQUEST_BYTES, "request body", body -> serve(request, query, body,
                    response));
        } catch (AdminException e) {
            metrics.add(Metrics.REFUSALS, e.status() == 413 ? "too-large" : "malformed-request", 1);
            HttpReplies.error(response, e.status(), e.getMessage());
        }
    }

    /** The request, its query and its whole body to the module (see {@link BodyReader}). */
    private void serve(HttpServletRequest request, Map<String, String> query, byte[] body,
            HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String rest = path.substring(1);
        int slash = rest.indexOf('/');
        String module = slash < 0 ? rest : rest.substring(0, slash);
        String below = slash < 0 ? "" : rest.substring(slash);
        String from = request.getHeader(ModuleGossip.FROM);
        String theirModule = request.getHeader(ModuleGossip.MODULE_DEPLOYMENT);
        if (theirModule != null && fenced(module, from, theirModule, request, response)) {
            return;
        }
        ModuleRequest moduleRequest = new ModuleRequest(request.getMethod(), below, query, body,
                theirModule == null ? null : from);
        Optional<ModuleResponse> answer;
        try {
            answer = modules.route(module, moduleRequest, callBound);
        } catch (ModuleCallException e) {
            HttpReplies.error(response, e.getMessage().contains("did not return") ? 503 : 500,
                    "module " + module + ": " + e.getMessage());
            return;
        }
        if (answer.isEmpty()) {
            HttpReplies.error(response, 404, module.isEmpty() ? "no module named in the path"
                    : "no running module " + module + " serves requests here");
            return;
        }
        ModuleResponse reply = answer.get();
        if (theirModule != null) {
            metrics.add(Metrics.MODULE_MESSAGES_RECEIVED, module, 1);
            metrics.add(Metrics.MODULE_BYTES_RECEIVED, module, body.length);
            metrics.add(Metrics.MODULE_MESSAGES_SENT, module, 1);
            metrics.add(Metrics.MODULE_BYTES_SENT, module, reply.body().length);
        }
        HttpReplies.send(response, reply.status(), reply.contentType(), reply.body());
    }
}
