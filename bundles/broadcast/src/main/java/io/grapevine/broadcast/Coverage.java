package io.grapevine.broadcast;

/**
 * The formulas of the broadcast: its fanout, and the fraction of nodes a message is expected to
 * have reached (the Art paper's "probabilistic output"). Pure functions, tested on tables.
 *
 * <p><b>The model.</b> Each node that gets a message for the first time forwards it to f distinct
 * peers drawn uniformly from the n - 1 others. If a fraction x_h of the nodes has the message after
 * h hops and the last hop reached d_h = x_h - x_(h-1) of them for the first time, then in the next
 * hop the d_h·n new holders forward it, each missing a given node with probability
 * 1 - f/(n - 1), so
 *
 * <pre>
 *   x_(h+1) = x_h + (1 - x_h) · (1 - (1 - f/(n-1))^(d_h·n)),   x_0 = d_0 = 1/n.
 * </pre>
 *
 * Its limit is the epidemic's final size, the solution of 1 - x = (1 - 1/n)·(1 - f/(n-1))^(x·n)
 * (all but the origin missed by every one of the x·n forwarders), about 1 - e^-f for large n (the giant component of the random graph the forwards draw): with
 * f = ln n + c, about e^-c nodes are missed.
 *
 * <p><b>Refined by acknowledgements.</b> Every node sees its forwards answered or failed. The
 * success rate of its recent forwards ({@link DeliveryRate}, of every message it sent, so more
 * than a handful of samples) scales f: dead or unreachable peers do not forward. The origin's own
 * forwards give the rest: the fastest answer's
 * round trip is taken as the time of one hop (a hop is one way, about half a round trip, so this
 * is conservative unless latencies vary widely), so the estimate grows along x_h as time passes;
 * it never falls below (1 + first receipts answered) / n. Before any answer it is 1/n.
 */
final class Coverage {
    /** Hops after which the recursion has converged for any n a cluster can have. */
    private static final int MAX_HOPS = 200;

    private Coverage() {
    }

    /** ceil(ln n + c), at least 1 and at most {@code max} and n - 1; 0 for a cluster of one. */
    static int fanout(double n, double c, int max) {
        if (!(n >= 2)) {
            return 0;
        }
        double f = Math.ceil(Math.log(n) + c);
        return (int) Math.max(1, Math.min(Math.min(f, max), Math.ceil(n - 1)));
    }

    /** The expected fraction of n nodes holding a message after {@code hops} hops (fractional: linear). */
    static double reached(double n, double fanout, double hops) {
        if (!(n > 1)) {
            return 1;
        }
        double miss = Math.max(0, 1 - fanout / (n - 1));
        double x = 1 / n;
        double last = 1 / n;
        int whole = (int) Math.min(Math.floor(Math.max(0, hops)), MAX_HOPS);
        for (int h = 0; h < whole; h++) {
            double next = step(x, last, n, miss);
            last = next - x;
            x = next;
        }
        double fraction = Math.max(0, hops) - whole;
        if (fraction > 0 && whole < MAX_HOPS) {
            x += fraction * (step(x, last, n, miss) - x);
        }
        return Math.min(1, x);
    }

    /** The fraction reached once the message stopped spreading. */
    static double finalReach(double n, double fanout) {
        return reached(n, fanout, MAX_HOPS);
    }

    /** What the origin estimates at {@code now} from its forwards' outcomes so far. */
    static double estimate(PublicationStats stats, long now) {
        double n = stats.n();
        if (!(n > 1)) {
            return 1;
        }
        double lowest = Math.min(1, (1 + stats.fresh()) / n);
        if (stats.answered() == 0) {
            return lowest;
        }
        double effectiveFanout = stats.sent() * stats.deliveryRate();
        double hopMs = Math.max(1, stats.fastestRoundTripMs());
        double hops = (now - stats.publishedAt()) / hopMs;
        return Math.max(lowest, reached(n, effectiveFanout, hops));
    }

    private static double step(double x, double last, double n, double miss) {
        return x + (1 - x) * (1 - Math.pow(miss, last * n));
    }
}
