package io.grapevine.api.layer;

import io.grapevine.api.Cancellable;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** This node's current view of the cluster's members (host:port addresses, never this node). */
@ProviderType
public interface Membership {

    /** The current view; a snapshot. */
    List<String> view();

    /** Hears members join and leave the view. Cancel to stop hearing. */
    Cancellable addListener(MembershipListener listener);
}
