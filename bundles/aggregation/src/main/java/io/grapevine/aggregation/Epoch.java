package io.grapevine.aggregation;

import java.util.Comparator;

/**
 * One run of push-sum from fresh values: a number and the node that started it, which alone holds
 * the count's indicator mass. Epochs are totally ordered and the greatest one a node hears wins:
 * a higher number first, then, between epochs of one number started at once, the smaller starter
 * id. So when every node starts epoch 0 at boot, the one with the smallest id ends up the epoch's
 * only initiator.
 */
record Epoch(long number, String starter) implements Comparable<Epoch> {
    private static final Comparator<Epoch> ORDER = Comparator.comparingLong(Epoch::number)
            .thenComparing(Epoch::starter, Comparator.reverseOrder());

    /** Positive when this epoch wins over {@code other}. */
    @Override
    public int compareTo(Epoch other) {
        return ORDER.compare(this, other);
    }

    boolean isAfter(Epoch other) {
        return compareTo(other) > 0;
    }

    Epoch next(String newStarter) {
        return new Epoch(number + 1, newStarter);
    }

    @Override
    public String toString() {
        return number + "/" + starter;
    }
}
