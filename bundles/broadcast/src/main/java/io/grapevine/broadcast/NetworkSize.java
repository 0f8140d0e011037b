package io.grapevine.broadcast;

import io.grapevine.api.layer.Estimate;

/**
 * N, the cluster's size, for the fanout: the Aggregation layer's count when it is precise enough
 * (error at most {@code countMaxRelativeError} of it), else the Membership layer's view + 1 (this
 * node), else the core's known peers + 1. The last two only count who is known, so they can be
 * under the truth; the fanout grows with ln N, so that costs little.
 */
record NetworkSize(double n, String source) {

    /**
     * @param count the Aggregation count, or {@code null} when no module provides it
     * @param view the Membership view's size, or -1 when no module provides it
     * @param corePeers how many peers the core knows
     */
    static NetworkSize choose(Estimate count, int view, int corePeers, double countMaxRelativeError) {
        if (count != null && count.value() >= 1 && Double.isFinite(count.value())
                && count.error() <= countMaxRelativeError * count.value()) {
            return new NetworkSize(count.value(), "aggregation count");
        }
        if (view > 0) {
            return new NetworkSize(view + 1, "membership view");
        }
        return new NetworkSize(corePeers + 1, "core peers");
    }
}
