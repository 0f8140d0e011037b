package io.grapevine.broadcast;

/**
 * The knobs of {@link RenyiErdos}, checked. What each means, its default and its trade-off:
 * {@link BroadcastConfig}, the only place the defaults are written.
 */
record BroadcastSettings(double fanoutConstant, int maxFanout, int maxMessageBytes, long idRetentionMs, int maxIds,
        double countMaxRelativeError, long exchangeTimeoutMs) {

    /** What the wire format can carry, whatever the configuration says. */
    static final int LARGEST_MESSAGE = 512 * 1024;

    BroadcastSettings {
        require(Double.isFinite(fanoutConstant) && fanoutConstant >= 0 && fanoutConstant <= 20,
                "fanoutConstant must be in [0, 20]");
        require(maxFanout >= 1 && maxFanout <= 1000, "maxFanout must be in [1, 1000]");
        require(maxMessageBytes >= 1 && maxMessageBytes <= LARGEST_MESSAGE,
                "maxMessageBytes must be in [1, " + LARGEST_MESSAGE + "]");
        require(idRetentionMs >= 1, "idRetentionMs must be at least 1");
        require(maxIds >= 1, "maxIds must be at least 1");
        require(countMaxRelativeError >= 0, "countMaxRelativeError must not be negative");
        require(exchangeTimeoutMs >= 1, "exchangeTimeoutMs must be at least 1");
    }

    static BroadcastSettings from(BroadcastConfig config) {
        return new BroadcastSettings(config.fanoutConstant(), config.maxFanout(), config.maxMessageBytes(),
                config.idRetentionMs(), config.maxIds(), config.countMaxRelativeError(), config.exchangeTimeoutMs());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
