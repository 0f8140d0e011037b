package io.grapevine.core.node;

/**
 * What this node can hold and how long it waits for a jar.
 *
 * @param maxBundleBytes the largest jar it accepts; a configuration naming a larger one is refused
 * @param historyLimit configurations kept for rollback
 * @param fetchBaseMs time a source gets to start serving a jar (default 5000): a silent source
 *     costs this much before the next one is asked
 * @param fetchBytesPerSecond slowest transfer rate a source may have (default 1 MiB/s): the
 *     deadline grows by {@code size / rate}, so a large jar from an honest peer is not cut off
 */
public record Limits(long maxBundleBytes, int historyLimit, long fetchBaseMs, long fetchBytesPerSecond) {

    public static Limits defaults() {
        return new Limits(64L << 20, 50, 5_000, 1L << 20);
    }

    long fetchDeadline(long now, long size) {
        return now + fetchBaseMs + size * 1000 / fetchBytesPerSecond;
    }
}
