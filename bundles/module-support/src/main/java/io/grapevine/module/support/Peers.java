package io.grapevine.module.support;

import io.grapevine.api.ModuleContext;
import io.grapevine.api.layer.PeerSampling;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Random peers: from the {@link PeerSampling} layer (the core's proxy) when a module provides it,
 * else a random few of the peers the core knows ({@link ModuleContext#peers()}: the rendezvous
 * list and the hints the core learned), so the module gossips even with no sampling module
 * deployed, only over a smaller, less random set.
 */
public final class Peers {
    private final PeerSampling sampling;
    private final ModuleContext context;
    private volatile boolean fallback;

    /** @param sampling the core's proxy, or {@code null} when not bound */
    public Peers(PeerSampling sampling, ModuleContext context) {
        this.sampling = sampling;
        this.context = context;
    }

    public List<String> sample(int k) {
        if (sampling != null) {
            try {
                List<String> sampled = sampling.sample(k);
                if (sampled != null && !sampled.isEmpty()) {
                    fallback = false;
                    return sampled.size() <= k ? sampled : sampled.subList(0, k);
                }
            } catch (RuntimeException e) {
                // LayerUnavailableException (no provider now) or a provider's bug: use the core's.
            }
        }
        fallback = true;
        List<String> known = new ArrayList<>(context.peers());
        Collections.shuffle(known, context.random());
        return known.subList(0, Math.min(k, known.size()));
    }

    /** Where the last sample came from, for the status page. */
    public String source() {
        return fallback ? "core peers" : "PeerSampling";
    }
}
