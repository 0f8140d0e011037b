package io.grapevine.api.layer;

import io.grapevine.api.Cancellable;
import org.osgi.annotation.versioning.ProviderType;

/** Sends a small message to every node by gossip, with no guarantee, only an estimate. */
@ProviderType
public interface Broadcast {

    /** Publishes {@code message} (small: the provider may refuse large ones with an exception). */
    Publication publish(byte[] message);

    /** Hears messages delivered to this node, each once. Cancel to stop hearing. */
    Cancellable addListener(BroadcastListener listener);
}
