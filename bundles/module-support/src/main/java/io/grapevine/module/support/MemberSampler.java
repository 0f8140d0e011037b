package io.grapevine.module.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random members of a snapshot, as a PeerSampling layer answers them. Thread-safe: layer calls
 * come from other modules' threads while the module seeds it from its own.
 */
public final class MemberSampler {
    private final Random random = new Random(0);

    /** Up to {@code k} distinct members of {@code members}, in random order; none when {@code k <= 0}. */
    public List<String> sample(List<String> members, int k) {
        List<String> shuffled = new ArrayList<>(members);
        if (k <= 0 || shuffled.isEmpty()) {
            return List.of();
        }
        synchronized (random) {
            Collections.shuffle(shuffled, random);
        }
        return List.copyOf(shuffled.subList(0, Math.min(k, shuffled.size())));
    }

    /** Draws this node's samples from {@code seed} (the module context's seeded source). */
    public void seed(long seed) {
        synchronized (random) {
            random.setSeed(seed);
        }
    }
}
