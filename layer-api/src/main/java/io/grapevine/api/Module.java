package io.grapevine.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A gossip application. A module bundle's Declarative Services component provides this service;
 * its name is the bundle's {@code Bundle-SymbolicName}.
 *
 * <p>The core, not DS activation, drives the life cycle. On an update from an old version to a
 * new one the core calls, in this order: {@code old.transferState()}, {@code old.stop()}, then
 * (after the bundle is updated) {@code new.acceptState(state)}, {@code new.start(context)}. The
 * old and the new version never run at the same time.
 *
 * <p>Threading: the core calls these methods on the module's own thread, the one that also runs
 * its timers and request handler, so nothing in a module ever runs concurrently with anything
 * else of the same module. Each call must return promptly: the core abandons a call that takes
 * longer than its bound (or throws), marks the module failed on this node and goes on.
 */
@ConsumerType
public interface Module {

    /** Starts gossiping. Timers and handlers are registered through {@code context}. */
    void start(ModuleContext context);

    /** Stops gossiping. The core cancels the module's timers and handler itself afterwards. */
    void stop();

    /**
     * Returns the state to hand to the next version, or {@code null} for none. State crosses
     * versions only as a String, so no class of the old version leaks into the new one.
     */
    String transferState();

    /** Receives the previous version's {@link #transferState()} before {@link #start}. */
    void acceptState(String state);
}
