package io.grapevine.cyclon;

import io.grapevine.api.layer.PeerSampling;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * What other modules see of CYCLON, through the core's proxy: random neighbours from a snapshot of
 * the cache, published by the module after each protocol step. Thread-safe.
 */
final class SamplingLayer implements PeerSampling {
    private volatile List<String> cache = List.of();
    private final Random random = new Random(0);

    @Override
    public List<String> sample(int k) {
        List<String> members = new ArrayList<>(cache);
        if (k <= 0 || members.isEmpty()) {
            return List.of();
        }
        synchronized (random) {
            Collections.shuffle(members, random);
        }
        return List.copyOf(members.subList(0, Math.min(k, members.size())));
    }

    /** Draws this node's samples from {@code seed} (the module context's seeded source). */
    void seed(long seed) {
        synchronized (random) {
            random.setSeed(seed);
        }
    }

    void publish(List<String> members) {
        cache = List.copyOf(members);
    }
}
