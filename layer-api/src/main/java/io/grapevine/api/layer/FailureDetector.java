package io.grapevine.api.layer;

import io.grapevine.api.Cancellable;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/** Which members are suspected to have failed. Suspicion is a guess, never a certainty. */
@ProviderType
public interface FailureDetector {

    /** The members suspected now; a snapshot. */
    Set<String> suspected();

    /** Hears suspicions and recoveries. Cancel to stop hearing. */
    Cancellable addListener(FailureListener listener);
}
