package io.grapevine.core.admin;

/** A change the core turned down, and nothing changed: the reason is the message, one line. */
public class AdminException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public AdminException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** The HTTP status the REST API answers for the same refusal: 400, 404, 409, 413, 503... */
    public int status() {
        return status;
    }
}
