package io.grapevine.api.layer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Upcalls of {@link Broadcast}: each message once per node. Delivered by the core, in order, never
 * concurrently for one listener; must not block for long.
 */
@ConsumerType
public interface BroadcastListener {
    void delivered(String id, byte[] message);
}
