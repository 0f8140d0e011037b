package io.grapevine.aggregation;

/**
 * The spread of the push-sum estimates a node has seen (its own and its peers') over the last few
 * rounds of one epoch: the basis of the error estimate.
 *
 * <p>Why the spread bounds the error: push-sum conserves mass, so the true average, Σs/Σw, is the
 * w-weighted mean of all nodes' current estimates s_i/w_i and lies between the smallest and the
 * largest of them; a node's distance to the truth is at most that range. A node sees only a few
 * estimates per round, but estimates contract round after round, so the older samples of the
 * window are wider than today's range and make up for the nodes it did not hear. The same holds
 * for the count's inverse, 1/N = Σs_indicator/Σw.
 */
final class ErrorWindow {
    private final double[] minAverage;
    private final double[] maxAverage;
    private final double[] minInverse;
    private final double[] maxInverse;
    private int current;
    private int rounds;

    ErrorWindow(int size) {
        minAverage = new double[size];
        maxAverage = new double[size];
        minInverse = new double[size];
        maxInverse = new double[size];
        reset();
    }

    /** Forgets everything (a new epoch). */
    void reset() {
        rounds = 0;
        current = minAverage.length - 1; // the first round fills slot 0, so slots [0, rounds) are in use
    }

    /** Opens the slot of a new round, starting with this node's own estimates. */
    void nextRound(double average, double inverse) {
        current = (current + 1) % minAverage.length;
        rounds++;
        minAverage[current] = average;
        maxAverage[current] = average;
        minInverse[current] = inverse;
        maxInverse[current] = inverse;
    }

    /** An estimate seen during the current round (this node's after a change, or a peer's). */
    void sample(double average, double inverse) {
        if (rounds == 0) {
            nextRound(average, inverse);
            return;
        }
        minAverage[current] = Math.min(minAverage[current], average);
        maxAverage[current] = Math.max(maxAverage[current], average);
        minInverse[current] = Math.min(minInverse[current], inverse);
        maxInverse[current] = Math.max(maxInverse[current], inverse);
    }

    /** Whether the window covers as many rounds as it holds. */
    boolean full() {
        return rounds >= minAverage.length;
    }

    /** Largest minus smallest average estimate in the window. */
    double averageSpread() {
        return max(maxAverage) - min(minAverage);
    }

    /** Smallest estimate of 1/N in the window (0 while some node has no indicator mass yet). */
    double lowestInverse() {
        return min(minInverse);
    }

    /** Largest estimate of 1/N in the window. */
    double highestInverse() {
        return max(maxInverse);
    }

    private double min(double[] slots) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < Math.min(rounds, slots.length); i++) {
            min = Math.min(min, slots[i]);
        }
        return min;
    }

    private double max(double[] slots) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < Math.min(rounds, slots.length); i++) {
            max = Math.max(max, slots[i]);
        }
        return max;
    }
}
