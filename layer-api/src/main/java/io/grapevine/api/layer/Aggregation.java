package io.grapevine.api.layer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Cluster-wide aggregates of one numeric value per node, estimated by gossip. Each estimate
 * carries its estimated error, which shrinks as the protocol converges.
 */
@ProviderType
public interface Aggregation {

    /** Sets this node's contribution (0 until set). */
    void setLocalValue(double value);

    /** The estimated average of the nodes' values. */
    Estimate average();

    /** The estimated number of nodes. */
    Estimate count();
}
