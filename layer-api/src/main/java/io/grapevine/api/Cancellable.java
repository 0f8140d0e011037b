package io.grapevine.api;

import org.osgi.annotation.versioning.ProviderType;

/** A timer or registration that can be cancelled. Cancelling twice does nothing. */
@ProviderType
public interface Cancellable {
    void cancel();
}
