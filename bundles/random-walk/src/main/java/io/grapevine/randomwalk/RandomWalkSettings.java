package io.grapevine.randomwalk;

/**
 * The knobs of {@link RandomWalks}, checked. What each means, its default and its trade-off:
 * {@link RandomWalkConfig}, the only place the defaults are written.
 */
record RandomWalkSettings(long hopTimeoutMs, int maxHops, int forwardAttempts, int maxPendingWalks,
        long exchangeTimeoutMs) {

    RandomWalkSettings {
        require(hopTimeoutMs >= 1, "hopTimeoutMs must be at least 1");
        require(maxHops >= 1 && maxHops <= WalkCodec.MAX_HOPS, "maxHops must be in [1, " + WalkCodec.MAX_HOPS + "]");
        require(forwardAttempts >= 1 && forwardAttempts <= 16, "forwardAttempts must be in [1, 16]");
        require(maxPendingWalks >= 1, "maxPendingWalks must be at least 1");
        require(exchangeTimeoutMs >= 1, "exchangeTimeoutMs must be at least 1");
    }

    static RandomWalkSettings from(RandomWalkConfig config) {
        return new RandomWalkSettings(config.hopTimeoutMs(), config.maxHops(), config.forwardAttempts(),
                config.maxPendingWalks(), config.exchangeTimeoutMs());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
