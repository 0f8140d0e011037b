package io.grapevine.core.admin;

/** A change the core turns down: an HTTP-like status (400, 404, 409, 413, ...) and a one-line reason. */
public final class AdminException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public AdminException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
