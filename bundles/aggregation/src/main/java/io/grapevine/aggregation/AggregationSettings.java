package io.grapevine.aggregation;

/**
 * The knobs of {@link PushSum}, checked. What each means, its default and its trade-off:
 * {@link AggregationConfig}, the only place the defaults are written.
 */
record AggregationSettings(long roundIntervalMs, int epochRounds, int graceRounds, int errorWindowRounds,
        double handoverRelativeError, long exchangeTimeoutMs) {

    AggregationSettings {
        require(roundIntervalMs >= 1, "roundIntervalMs must be at least 1");
        require(errorWindowRounds >= 1, "errorWindowRounds must be at least 1");
        require(epochRounds > errorWindowRounds, "epochRounds must exceed errorWindowRounds");
        require(graceRounds >= 1, "graceRounds must be at least 1");
        require(handoverRelativeError >= 0 && handoverRelativeError < 1,
                "handoverRelativeError must be in [0, 1)");
        require(exchangeTimeoutMs >= 1, "exchangeTimeoutMs must be at least 1");
    }

    static AggregationSettings from(AggregationConfig config) {
        return new AggregationSettings(config.roundIntervalMs(), config.epochRounds(), config.graceRounds(),
                config.errorWindowRounds(), config.handoverRelativeError(), config.exchangeTimeoutMs());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
