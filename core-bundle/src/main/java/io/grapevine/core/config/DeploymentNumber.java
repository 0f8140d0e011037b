package io.grapevine.core.config;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The unique, totally ordered id of one deployment: hybrid-logical time, a counter for numbers
 * made in the same millisecond (or while the wall clock lags), and the originating node id to
 * break the last ties. Printed as one token, {@code <time>-<counter>-<node>}, that
 * {@link #parse} takes back.
 *
 * @param time milliseconds since the epoch, as the hybrid logical clock saw them
 * @param counter orders numbers of the same {@code time}
 * @param node id of the node that made the deployment
 */
public record DeploymentNumber(long time, int counter, String node) implements Comparable<DeploymentNumber> {

    /** Node ids are short and plain so that a token is one shell word and one URL segment. */
    public static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:]{1,64}");

    /** Year 10000: a time past this is garbage, not a fast clock. */
    static final long MAX_TIME = 253_402_300_800_000L;

    private static final Comparator<DeploymentNumber> ORDER = Comparator
            .comparingLong(DeploymentNumber::time)
            .thenComparingInt(DeploymentNumber::counter)
            .thenComparing(DeploymentNumber::node);

    public DeploymentNumber {
        Objects.requireNonNull(node, "node");
        if (time < 0 || time > MAX_TIME) {
            throw new IllegalArgumentException("deployment time out of range: " + time);
        }
        if (counter < 0) {
            throw new IllegalArgumentException("negative deployment counter: " + counter);
        }
        if (!NODE_ID.matcher(node).matches()) {
            throw new IllegalArgumentException("bad node id in deployment number: " + node);
        }
    }

    /** Parses a token printed by {@link #toString()}; throws {@link IllegalArgumentException}. */
    public static DeploymentNumber parse(String token) {
        if (token == null) {
            throw new IllegalArgumentException("no deployment number given");
        }
        String[] parts = token.strip().split("-", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("malformed deployment number '" + token
                    + "': expected <time>-<counter>-<node>");
        }
        try {
            return new DeploymentNumber(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed deployment number '" + token
                    + "': time and counter must be numbers");
        }
    }

    /** {@code null}-tolerant maximum. */
    public static DeploymentNumber max(DeploymentNumber a, DeploymentNumber b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    public boolean isAfter(DeploymentNumber other) {
        return other == null || compareTo(other) > 0;
    }

    @Override
    public int compareTo(DeploymentNumber other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return time + "-" + counter + "-" + node;
    }
}
