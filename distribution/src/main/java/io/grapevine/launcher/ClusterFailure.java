package io.grapevine.launcher;

/** Why a {@code grapevine-cluster} command failed, in one line: printed on stderr, exit code 1. */
final class ClusterFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ClusterFailure(String reason) {
        super(reason.replaceAll("\\s+", " ").strip());
    }
}
