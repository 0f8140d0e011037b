package io.grapevine.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A store file that does not parse. It is kept aside ({@code <file>.corrupt-<time>}), never
 * silently replaced, and the node does not start: the message says what, where, and where the
 * damaged file went.
 */
public final class Corrupt extends IOException {
    private static final long serialVersionUID = 1L;

    Corrupt(Path file, Exception cause) {
        super(message(file, cause), cause);
    }

    private static String message(Path file, Exception cause) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        String where;
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            where = "kept aside as " + aside + "; the next start begins without it and catches up from peers";
        } catch (IOException e) {
            where = "could not move it aside: " + e.getMessage();
        }
        String why = String.valueOf(cause.getMessage()).split("\n")[0].strip();
        return file + " is corrupt (" + why + "); " + where;
    }
}
