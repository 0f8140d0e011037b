package io.grapevine.core.http;

import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.core.admin.AdminException;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.driver.ModuleGossip;
import io.grapevine.core.driver.NodeDriver;
import io.grapevine.core.modules.ModuleManager;
import io.grapevine.core.net.GossipCodec;
import io.grapevine.core.net.Keyring;
import io.grapevine.core.node.Relay;
import io.grapevine.core.telemetry.Metrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * HTTP demultiplexing (the paper's Figure 2): {@code /<module-name>/...} goes to that module's
 * request handler, on the module's thread. {@code /core} has its own, more specific servlet.
 *
 * <p>A message from a peer's module is believed only when authenticated with the cluster key, and
 * delivered only when both sides run the same version of the module (fencing). A request without
 * peer headers is a client's: the module sees no sender. Requests are queued on the module's own
 * bounded queue and the HTTP thread is given back at once (servlet async), so a module that floods
 * or hangs holds no thread the core's endpoints need; a full queue is answered 503 at once.
 */
public final class ModuleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int MAX_REQUEST_BYTES = 1 << 20;

    private final transient ModuleManager modules;
    private final transient NodeDriver driver;
    private final transient Metrics metrics;
    private final transient PeerAuth auth;
    private final transient ExecutorService replies = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "grapevine-module-replies");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration callBound;
    private final transient BodyReader bodies;

    public ModuleServlet(ModuleManager modules, NodeDriver driver, Metrics metrics, Keyring keyring, Duration callBound,
            BodyReader bodies) {
        this.bodies = bodies;
        this.modules = modules;
        this.driver = driver;
        this.metrics = metrics;
        this.auth = new PeerAuth(keyring, metrics);
        this.callBound = callBound;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Map<String, String> query = HttpReplies.query(request);
            bodies.readLater(request, response, MAX_REQUEST_BYTES, "request body",
                    (body, async) -> serve(request, response, query, body, async), 2 * callBound.toMillis() + 5_000);
        } catch (AdminException e) {
            metrics.add(Metrics.REFUSALS, e.status() == 413 ? "too-large" : "malformed-request", 1);
            HttpReplies.error(response, e.status(), e.getMessage());
        }
    }

    /** The whole request to the module's queue; {@code async} is completed once the module answered. */
    private void serve(HttpServletRequest request, HttpServletResponse response, Map<String, String> query,
            byte[] body, AsyncContext async) throws IOException, AdminException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String rest = path.substring(1);
        int slash = rest.indexOf('/');
        String module = slash < 0 ? rest : rest.substring(0, slash);
        PeerAuth.Peer peer = null;
        String theirModule = request.getHeader(ModuleGossip.MODULE_DEPLOYMENT);
        if (theirModule != null || request.getHeader(Keyring.AUTH) != null) {
            peer = auth.authenticate(request, body);
            if (fenced(module, peer, theirModule, request, response)) {
                async.complete();
                return;
            }
            metrics.add(Metrics.MODULE_MESSAGES_RECEIVED, module, 1);
            metrics.add(Metrics.MODULE_BYTES_RECEIVED, module, body.length);
        }
        ModuleRequest moduleRequest = new ModuleRequest(request.getMethod(), slash < 0 ? "" : rest.substring(slash),
                query, body, peer == null ? null : peer.from());
        PeerAuth.Peer from = peer;
        try {
            modules.route(module, moduleRequest, callBound).whenCompleteAsync((answer, failure) -> {
                try {
                    answer(response, from, module, answer, failure);
                } catch (IOException e) {
                    // The client went away: nothing left to tell it.
                } finally {
                    async.complete();
                }
            }, replies);
        } catch (RejectedExecutionException e) {
            metrics.add(Metrics.MODULE_REQUESTS_REFUSED, module, 1);
            reply(response, peer, 503, "module " + module + " is busy: " + e.getMessage());
            async.complete();
        }
    }

    private void answer(HttpServletResponse response, PeerAuth.Peer peer, String module,
            Optional<ModuleResponse> answer, Throwable failure) throws IOException {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            boolean slow = String.valueOf(cause.getMessage()).contains("did not return")
                    || String.valueOf(cause.getMessage()).contains("busy");
            reply(response, peer, slow ? 503 : 500, "module " + module + ": " + cause.getMessage());
            return;
        }
        if (answer.isEmpty()) {
            reply(response, peer, 404, module.isEmpty() ? "no module named in the path"
                    : "no running module " + module + " serves requests here");
            return;
        }
        ModuleResponse reply = answer.get();
        if (peer == null) {
            HttpReplies.send(response, reply.status(), reply.contentType(), reply.body());
            return;
        }
        metrics.add(Metrics.MODULE_MESSAGES_SENT, module, 1);
        metrics.add(Metrics.MODULE_BYTES_SENT, module, reply.body().length);
        auth.send(response, peer, reply.status(), reply.contentType(), reply.body());
    }

    /**
     * Version fencing: a module message from a peer whose module version differs from ours is
     * answered 409 with our numbers and never delivered; whichever side is behind catches up.
     */
    private boolean fenced(String module, PeerAuth.Peer peer, String theirModule, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        DeploymentNumber theirConfig = ModuleGossip.parseOrNull(request.getHeader(ModuleGossip.DEPLOYMENT));
        Optional<DeploymentNumber> ours = modules.running(module).map(m -> m.entry().deployment());
        NodeDriver.View view = driver.view();
        response.setHeader(ModuleGossip.DEPLOYMENT, String.valueOf(view.current().deployment()));
        boolean same = ours.isPresent() && ours.get().toString().equals(theirModule);
        if (peer.headersCovered() && request.getHeader(ModuleGossip.DEPLOYMENT) != null) {
            // Numbers and rumours the peer's MAC proves; ours go back only to a peer that covers them.
            Relay.RosterNews theirNews = ModuleGossip.rumours(request.getHeader(Keyring.ROSTER), theirConfig, metrics);
            driver.moduleContact(peer.from(), theirConfig, same, theirNews);
            String rumours = GossipCodec.encodeRumours(view.relay().to(theirNews.members(), driver.now()),
                    view.current().deployment());
            if (!rumours.isEmpty()) {
                response.setHeader(Keyring.ROSTER, rumours);
                metrics.add(Metrics.CORE_BYTES_SENT, rumours.length());
                metrics.add(Metrics.ROSTER_RUMOUR_BYTES_SENT, rumours.length());
            }
        }
        if (same) {
            return false;
        }
        metrics.add(Metrics.FENCING_REFUSALS, module, 1);
        if (ours.isEmpty()) {
            auth.error(response, peer, 404, "no running module " + module + " here");
            return true;
        }
        response.setHeader(ModuleGossip.MODULE_DEPLOYMENT, ours.get().toString());
        auth.error(response, peer, 409, "version mismatch: this node runs " + module + " of deployment "
                + ours.get() + ", the message comes from deployment " + theirModule);
        return true;
    }

    private void reply(HttpServletResponse response, PeerAuth.Peer peer, int status, String message)
            throws IOException {
        if (peer == null) {
            HttpReplies.error(response, status, message);
        } else {
            auth.error(response, peer, status, message);
        }
    }

    @Override
    public void destroy() {
        replies.shutdownNow();
    }
}
