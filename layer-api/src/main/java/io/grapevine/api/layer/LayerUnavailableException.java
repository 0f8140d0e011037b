package io.grapevine.api.layer;

/** A layer was called while no module provides it (none deployed, or one being updated). */
public class LayerUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public LayerUnavailableException(String message) {
        super(message);
    }
}
