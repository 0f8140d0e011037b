package io.grapevine.api.layer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Upcalls of {@link Membership}. Delivered by the core, in order, never concurrently for one
 * listener; must not block for long (it would delay only this listener's later upcalls).
 */
@ConsumerType
public interface MembershipListener {
    void joined(String member);

    void left(String member);
}
