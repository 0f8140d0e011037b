package io.grapevine.cyclon;

import io.grapevine.api.layer.PeerSampling;
import io.grapevine.module.support.MemberSampler;
import java.util.List;

/**
 * What other modules see of CYCLON, through the core's proxy: random neighbours from a snapshot of
 * the cache, published by the module after each protocol step. Thread-safe.
 */
final class SamplingLayer implements PeerSampling {
    private volatile List<String> cache = List.of();
    private final MemberSampler sampler = new MemberSampler();

    @Override
    public List<String> sample(int k) {
        return sampler.sample(cache, k);
    }

    /** Draws this node's samples from {@code seed} (the module context's seeded source). */
    void seed(long seed) {
        sampler.seed(seed);
    }

    void publish(List<String> members) {
        cache = List.copyOf(members);
    }
}
