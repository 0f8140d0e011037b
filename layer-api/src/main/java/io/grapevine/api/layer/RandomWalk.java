package io.grapevine.api.layer;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** Finds a random node by a bounded random walk over {@link PeerSampling}. */
@ProviderType
public interface RandomWalk {

    /**
     * Starts a walk of at most {@code maxHops}; completes with the node where it ended (host:port),
     * or fails if the walk was lost.
     */
    CompletionStage<String> randomNode(int maxHops);
}
