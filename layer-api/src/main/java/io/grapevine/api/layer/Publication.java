package io.grapevine.api.layer;

import org.osgi.annotation.versioning.ProviderType;

/** A published broadcast message, and how far it is estimated to have gone. */
@ProviderType
public interface Publication {

    /** The message's id, the same on every node. */
    String id();

    /** The estimated fraction of nodes reached, from 0 to 1; grows as the message spreads. */
    double estimatedCoverage();
}
