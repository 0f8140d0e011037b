package io.grapevine.api;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
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

    /**
     * Runs {@code task} every {@code interval}, the first time after one interval; the interval
     * counts from the end of a run, so runs the module's thread was too busy for are skipped, not
     * made up in a burst.
     */
    Cancellable scheduleEvery(Runnable task, Duration interval);

    /**
     * Serves HTTP requests that the core routes to {@code /<module-name>/...}. A later call
     * replaces the handler. Without a handler the core answers 404.
     */
    void serve(RequestHandler handler);

    /**
     * Gossips with the same module on {@code peer} (host:port): the core sends {@code body} as
     * {@code POST /<module-name><path>} to the peer, stamped with this node's address and
     * deployment numbers, and the peer's core hands it to its module's request handler only if both
     * run the same version of the module. Completes, on this module's thread, with the peer's
     * answer body; fails with {@link VersionMismatchException} when the versions differ, and with
     * an {@link java.io.IOException} when the peer cannot be reached, answers an error status, or
     * takes longer than {@code timeout}.
     *
     * @param path below the module's name, starting with {@code /}
     */
    CompletionStage<byte[]> exchange(String peer, String path, byte[] body, Duration timeout);

    /** The peers this node's core knows (host:port), to start gossiping with. Never this node. */
    List<String> peers();

    /**
     * Offers {@code implementation} as the provider of layer {@code layer} (an interface of
     * {@code io.grapevine.api.layer}) to every module, through the core's stable proxy. Withdrawn
     * when the returned handle is cancelled or this module stops.
     *
     * @throws IllegalStateException if another running module provides that layer already
     */
    <T> Cancellable provide(Class<T> layer, T implementation);
}
