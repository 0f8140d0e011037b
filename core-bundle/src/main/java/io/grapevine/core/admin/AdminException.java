package io.grapevine.core.admin;

/**
 * A change or a login the core turns down: an HTTP-like status (400, 401, 404, 409, 413, 429, ...),
 * a one-line reason and, for 429, the seconds after which to try again.
 */
public final class AdminException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final long retryAfterSeconds;

    public AdminException(int status, String reason) {
        this(status, reason, 0);
    }

    /** @since 1.1 */
    public AdminException(int status, String reason, long retryAfterSeconds) {
        super(reason);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds to wait before trying again (an HTTP {@code Retry-After}); 0 when it does not apply. @since 1.1 */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
