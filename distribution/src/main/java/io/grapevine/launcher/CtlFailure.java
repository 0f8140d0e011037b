package io.grapevine.launcher;

/** Why a {@code grapevine-ctl} command failed, in one line: printed on stderr, exit code 1. */
final class CtlFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CtlFailure(String reason) {
        super(reason.replaceAll("\\s+", " ").strip());
    }
}
