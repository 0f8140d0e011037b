package io.grapevine.core.layers;

import io.grapevine.api.Cancellable;

/** Where a module's context offers a layer implementation. */
public interface LayerHost {
    <T> Cancellable provide(String module, Class<T> layer, T implementation);
}
