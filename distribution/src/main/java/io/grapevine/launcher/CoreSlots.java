package io.grapevine.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the launcher keeps of the core, and what it decides from it: which core jar to boot, when
 * a candidate becomes the known-good core, when it is recorded bad. Pure (no I/O, no clock):
 * {@link CoreFiles} keeps it in {@code <data>/core/state.properties}, {@link Main} acts on it.
 *
 * @param good SHA-256 of {@code good.jar}, the known-good core; null while the shipped core is
 * @param shipped SHA-256 of the shipped core ({@code bundle/61-io.grapevine.core.jar}) when this was
 *     recorded: a node installed anew with another shipped core boots that one
 * @param candidate SHA-256 of {@code candidate.jar}, the core on probation; null when none
 * @param attempts boots of the candidate so far; a boot the process did not survive counts
 * @param bad the cores that failed their probation here, never tried again
 * @param reverted the last revert, {@code <sha12> <reason>}, until a rollback or a new good core
 *     clears it; null when none
 */
record CoreSlots(String good, String shipped, String candidate, int attempts, List<String> bad, String reverted) {
    /** Boots of a candidate the process may die in; then the known-good core runs again. */
    static final int MAX_BOOTS = 2;
    static final CoreSlots NONE = new CoreSlots(null, null, null, 0, List.of(), null);

    CoreSlots {
        bad = List.copyOf(bad);
    }

    /**
     * What a start boots: {@code candidate} true for the candidate, else the known-good core.
     * {@code record} is to be written before the boot, so that a boot that kills the process counts.
     */
    record Boot(boolean candidate, CoreSlots record) {
    }

    /**
     * The boot of a start, from what is on disk: the SHA-256 of the shipped core, and of
     * {@code good.jar} and {@code candidate.jar} (null when missing).
     */
    Boot boot(String shippedSha, String goodJarSha, String candidateJarSha) {
        CoreSlots now = this;
        if (!Objects.equals(shippedSha, shipped)) {
            now = new CoreSlots(null, shippedSha, candidate, attempts, bad, reverted); // installed anew: its core is good
        }
        if (now.good != null && !now.good.equals(goodJarSha)) {
            now = new CoreSlots(null, now.shipped, now.candidate, now.attempts, now.bad, now.reverted); // damaged
        }
        if (now.candidate != null && !now.candidate.equals(candidateJarSha)) {
            now = new CoreSlots(now.good, now.shipped, null, 0, now.bad, now.reverted);
        }
        if (now.candidate == null) {
            return new Boot(false, now);
        }
        if (now.attempts >= MAX_BOOTS) {
            return new Boot(false, now.failed("the process died " + now.attempts + " times during probation"));
        }
        return new Boot(true, new CoreSlots(now.good, now.shipped, now.candidate, now.attempts + 1, now.bad,
                now.reverted));
    }

    /**
     * The core left {@code sha} in {@code candidate.jar} and stopped for it: it goes on probation,
     * unless it is the core that ran ({@code running}) or one found bad.
     */
    CoreSlots switchTo(String sha, String running) {
        if (sha == null || sha.equals(running) || bad.contains(sha)) {
            return this;
        }
        return new CoreSlots(good, shipped, sha, 0, bad, reverted);
    }

    /** The candidate passed its probation: it is the known-good core now, and a revert is old news. */
    CoreSlots passed() {
        return new CoreSlots(candidate, shipped, null, 0, bad, null);
    }

    /** The candidate failed its probation: bad for good, the known-good core boots again. */
    CoreSlots failed(String reason) {
        List<String> worse = new ArrayList<>(bad);
        if (!worse.contains(candidate)) {
            worse.add(candidate);
        }
        return new CoreSlots(good, shipped, null, 0, worse, candidate.substring(0, 12) + " " + reason);
    }

    /** The node was stopped on purpose during the probation: that boot was no death. */
    CoreSlots stoppedCleanly() {
        return candidate == null ? this : new CoreSlots(good, shipped, candidate, Math.max(0, attempts - 1), bad,
                reverted);
    }

    /**
     * The node's configuration names core {@code configured} (null: none): a revert is cleared once
     * it names no core found bad, as after a rollback to a configuration before the bad core.
     */
    CoreSlots configured(String configured) {
        return reverted != null && (configured == null || !bad.contains(configured))
                ? new CoreSlots(good, shipped, candidate, attempts, bad, null) : this;
    }

    /**
     * The line {@code /core/status} shows as {@code core} while the core {@code sha} (at
     * {@code version}) runs: the candidate's probation, else a revert not yet cleared, else good.
     */
    String line(boolean onCandidate, String sha, String version) {
        String core = sha.substring(0, 12) + " " + version;
        return onCandidate ? "probation " + core : reverted != null ? "reverted " + reverted : "good " + core;
    }
}
