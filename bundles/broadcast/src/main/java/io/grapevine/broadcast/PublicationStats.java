package io.grapevine.broadcast;

/**
 * What the origin knows of one of its messages: the size and fanout it was sent with, and how its
 * own forwards went. Guarded by the module's lock; read by {@link Coverage#estimate}.
 */
final class PublicationStats {
    private final String id;
    private final long publishedAt;
    private final double n;
    private final DeliveryRate deliveryRate;
    private int sent;
    private int answered;
    private int fresh;
    private int failed;
    private long fastestRoundTripMs = Long.MAX_VALUE;
    private double highestEstimate;

    PublicationStats(String id, long publishedAt, double n, DeliveryRate deliveryRate) {
        this.id = id;
        this.publishedAt = publishedAt;
        this.n = n;
        this.deliveryRate = deliveryRate;
    }

    void countSent() {
        sent++;
    }

    /** A forward was answered: {@code first} when it was the peer's first copy. */
    void countAnswer(boolean first, long roundTrip) {
        answered++;
        fresh += first ? 1 : 0;
        fastestRoundTripMs = Math.min(fastestRoundTripMs, Math.max(0, roundTrip));
    }

    void countFailure() {
        failed++;
    }

    String id() {
        return id;
    }

    long publishedAt() {
        return publishedAt;
    }

    double n() {
        return n;
    }

    /** The fraction of this node's recent forwards (of any message) that were answered. */
    double deliveryRate() {
        return deliveryRate.value();
    }

    int sent() {
        return sent;
    }

    int answered() {
        return answered;
    }

    int fresh() {
        return fresh;
    }

    int failed() {
        return failed;
    }

    /** The fastest answer's round trip, {@code Long.MAX_VALUE} before any. */
    long fastestRoundTripMs() {
        return fastestRoundTripMs;
    }

    /**
     * The coverage to report at {@code now}: {@link Coverage#estimate}, except that it never goes
     * down (a failure learned late lowers the model a little; the layer promises an estimate that
     * grows as the message spreads).
     */
    double coverage(long now) {
        highestEstimate = Math.max(highestEstimate, Coverage.estimate(this, now));
        return highestEstimate;
    }
}
