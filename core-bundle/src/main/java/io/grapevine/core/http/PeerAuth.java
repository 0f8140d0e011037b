package io.grapevine.core.http;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.net.Keyring;
import io.grapevine.core.telemetry.Metrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The server side of authenticated gossip: a request from a peer is believed only with a valid MAC
 * of the cluster keyring and a sequence number not used before; the sender's address is the one
 * the MAC covers. Replies to it carry a MAC bound to the request's, so the peer believes them too.
 */
final class PeerAuth {
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,255}:[0-9]{1,5}");

    /**
     * An authenticated peer request: who sent it and its MAC, to sign the reply with.
     * {@code headersCovered}: the MAC covers its core headers (false from a core that predates that:
     * believe its message, not the numbers in its headers).
     */
    record Peer(String from, String mac, boolean headersCovered) {
    }

    private final Keyring keyring;
    private final Metrics metrics;

    PeerAuth(Keyring keyring, Metrics metrics) {
        this.keyring = keyring;
        this.metrics = metrics;
    }

    /** The authenticated sender of {@code request}, or a 401 with the reason (counted). */
    Peer authenticate(HttpServletRequest request, byte[] body) throws AdminException {
        String from = request.getHeader(Keyring.FROM);
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        Keyring.Verdict verdict = from == null || !ADDRESS.matcher(from).matches()
                ? new Keyring.Verdict(null, null, "unauthenticated", false)
                : keyring.verify(request.getHeader(Keyring.AUTH), request.getMethod(), path, from,
                        Keyring.covered(request::getHeader), body);
        if (verdict.refusal() != null) {
            metrics.add(Metrics.REFUSALS, verdict.refusal(), 1);
            throw new AdminException(401, "not authenticated with the cluster key (" + verdict.refusal() + ")");
        }
        return new Peer(verdict.from(), verdict.mac(), verdict.headersCovered());
    }

    /**
     * Answers an authenticated request, with the reply's MAC: over the core headers set on
     * {@code response} too, unless the peer's core predates that and would not believe the reply.
     */
    void send(HttpServletResponse response, Peer peer, int status, String contentType, byte[] body) throws IOException {
        String covered = peer.headersCovered() ? Keyring.covered(response::getHeader) : "";
        response.setHeader(Keyring.AUTH, keyring.signReply(peer.mac(), status, covered, body));
        HttpReplies.send(response, status, contentType, body);
    }

    void error(HttpServletResponse response, Peer peer, int status, String message) throws IOException {
        send(response, peer, status, "application/json;charset=utf-8", HttpReplies.errorBody(message));
    }
}
