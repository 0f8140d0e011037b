package io.grapevine.api;

import java.io.IOException;

/**
 * A module exchange the peer's core did not deliver because the peer runs another version of the
 * module (or, the other way round, ours is not the one it runs): versions never mix. The core
 * has already started catching up whichever side is behind.
 */
public class VersionMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public VersionMismatchException(String message) {
        super(message);
    }
}
