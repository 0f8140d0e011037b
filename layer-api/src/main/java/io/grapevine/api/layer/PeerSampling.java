package io.grapevine.api.layer;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Random peers, as uniform over the live cluster as the provider's protocol makes them. */
@ProviderType
public interface PeerSampling {

    /** Up to {@code k} distinct random peers (fewer if fewer are known), never this node. */
    List<String> sample(int k);
}
