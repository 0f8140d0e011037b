package io.grapevine.api.layer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Upcalls of {@link FailureDetector}. Delivered by the core, in order, never concurrently for one
 * listener; must not block for long.
 */
@ConsumerType
public interface FailureListener {
    void suspected(String member);

    void recovered(String member);
}
