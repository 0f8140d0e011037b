package io.grapevine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How fast one thing reached every node: the nearest-rank p50, p90 and p100 of the per-node times,
 * in ms from the trigger.
 */
record Spread(long p50, long p90, long p100) {

    static Spread of(List<Long> msPerNode) {
        List<Long> sorted = new ArrayList<>(msPerNode);
        sorted.sort(null);
        return new Spread(rank(sorted, 0.5), rank(sorted, 0.9), rank(sorted, 1.0));
    }

    /** Each percentile's median over the runs (not one run's triple: each column is its own median). */
    static Spread median(List<Spread> runs) {
        return new Spread(median(runs, Spread::p50), median(runs, Spread::p90), median(runs, Spread::p100));
    }

    static long median(List<Spread> runs, ToLongFunction<Spread> field) {
        List<Long> values = new ArrayList<>(runs.stream().map(field::applyAsLong).toList());
        values.sort(null);
        return rank(values, 0.5);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code q} of them at or below it. */
    static long rank(List<Long> sorted, double q) {
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
