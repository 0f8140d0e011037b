package io.grapevine.core.node;

/**
 * What this node holds, how long it waits for a jar, and the time bounds of what it believes.
 *
 * @param maxBundleBytes the largest jar it accepts; a configuration naming a larger one is refused
 * @param historyLimit configurations kept for rollback
 * @param fetchBaseMs time a source gets to start serving a jar (default 5000): a silent source
 *     costs this much before the next one is asked
 * @param fetchBytesPerSecond slowest transfer rate a source may have (default 1 MiB/s): the
 *     deadline grows by {@code size / rate}, so a large jar from an honest peer is not cut off
 * @param maxAheadMs how far a configuration's deployment time may be ahead of this node's clock
 *     (default 10 min): the clock skew the cluster tolerates; anything further ahead is refused, so
 *     no peer can drive deployment numbers out of range
 * @param validityMs how long a configuration made here may be adopted (default 30 days): a signed
 *     configuration not yet seen by a node becomes useless to a replaying attacker after this
 */
public record Limits(long maxBundleBytes, int historyLimit, long fetchBaseMs, long fetchBytesPerSecond,
        long maxAheadMs, long validityMs) {

    public static Limits defaults() {
        return new Limits(64L << 20, 50, 5_000, 1L << 20, 600_000, 30L * 24 * 3600 * 1000);
    }

    long fetchDeadline(long now, long size) {
        return now + fetchBaseMs + size * 1000 / fetchBytesPerSecond;
    }
}
