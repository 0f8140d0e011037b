package io.grapevine.core.driver;

/** A request the core turns down, with the HTTP status and the one-line reason to answer. */
public final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public Refused(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
