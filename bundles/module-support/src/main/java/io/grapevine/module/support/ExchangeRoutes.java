package io.grapevine.module.support;

import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The resources of a module that gossips by one push-pull exchange: {@code GET /status} for
 * operators, and {@code POST <path>}, a peer's request by module exchange. A request that is not a
 * peer's, or whose body does not decode, is refused with a one-line reason (413 over the size
 * bound, else 400) and counted; the module never sees it.
 *
 * @param <T> what a peer's request decodes to
 */
public final class ExchangeRoutes<T> {
    /** The module's side of one exchange: its answer to {@code peer}'s request, as plain ASCII text. */
    public interface Answer<T> {
        byte[] to(String peer, T request);
    }

    private final String path;
    private final String takes;
    private final int maxBytes;
    private final Function<byte[], T> decode;
    private final Answer<T> answer;
    private final Supplier<String> status;
    private long refused;

    /**
     * @param path the exchange's path, such as {@code /view}
     * @param takes what the request holds, for the reason of a refusal ("a peer's view")
     * @param maxBytes the largest body {@code decode} takes: a larger one is refused with 413
     * @param decode a request's body, or {@link IllegalArgumentException} with a one-line reason
     * @param status the status page's JSON
     */
    public ExchangeRoutes(String path, String takes, int maxBytes, Function<byte[], T> decode, Answer<T> answer,
            Supplier<String> status) {
        this.path = path;
        this.takes = takes;
        this.maxBytes = maxBytes;
        this.decode = decode;
        this.answer = answer;
        this.status = status;
    }

    public ModuleResponse handle(ModuleRequest request) {
        if (request.path().equals("/status")) {
            return request.method().equals("GET") ? ModuleResponse.json(status.get())
                    : ModuleResponse.text(405, "only GET is allowed on /status\n");
        }
        if (!request.path().equals(path)) {
            return ModuleResponse.text(404, "no such resource: GET /status, or a peer's POST " + path + "\n");
        }
        if (!request.method().equals("POST") || request.from() == null) {
            refused++;
            return ModuleResponse.text(400, path + " takes " + takes + ", by module exchange only\n");
        }
        T incoming;
        try {
            incoming = decode.apply(request.body());
        } catch (IllegalArgumentException e) {
            refused++;
            return ModuleResponse.text(request.body().length > maxBytes ? 413 : 400, e.getMessage() + "\n");
        }
        return new ModuleResponse(200, "text/plain; charset=us-ascii", answer.to(request.from(), incoming));
    }

    /** Requests refused so far, for the status page. */
    public long refused() {
        return refused;
    }
}
