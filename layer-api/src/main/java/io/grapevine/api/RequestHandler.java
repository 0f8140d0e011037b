package io.grapevine.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves the HTTP requests the core routes to a module. Runs on the module's thread; the core
 * answers 503 if it does not return within its bound, and 500 if it throws.
 */
@ConsumerType
@FunctionalInterface
public interface RequestHandler {
    ModuleResponse handle(ModuleRequest request);
}
