package io.grapevine.api;

import java.time.Duration;
import java.util.Random;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the core offers a running module. One context per module start; everything registered
 * through it is cancelled by the core when the module stops.
 *
 * <p>Threading: every method may be called from any thread. Timer tasks and request handlers run
 * on the module's own single thread, never concurrently with each other, and never on a core
 * thread.
 */
@ProviderType
public interface ModuleContext {

    /** This node's id, stable across restarts. */
    String nodeId();

    /** This module's name (its bundle's symbolic name). */
    String moduleName();

    /** A random source seeded per node and module, so runs can be reproduced. */
    Random random();

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Runnable task, Duration delay);

    /** Runs {@code task} every {@code interval}, the first time after one interval. */
    Cancellable scheduleEvery(Runnable task, Duration interval);

    /**
     * Serves HTTP requests that the core routes to {@code /<module-name>/...}. A later call
     * replaces the handler. Without a handler the core answers 404.
     */
    void serve(RequestHandler handler);
}
