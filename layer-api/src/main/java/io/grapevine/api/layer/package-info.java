/**
 * Layers: services one module offers to the others (membership, peer sampling, failure detection,
 * aggregation, broadcast, random walks). A consumer gets a layer as a Declarative Services
 * reference to the core's stable proxy, never to the provider itself, so a provider can be updated
 * or rolled back under its consumers: their reference and their listeners stay, calls fail fast
 * with {@link io.grapevine.api.layer.LayerUnavailableException} while no provider runs, and
 * upcalls resume from the new provider. A provider offers its implementation with
 * {@link io.grapevine.api.ModuleContext#provide}.
 *
 * <p>Threading, for every layer: methods may be called from any thread, so implementations are
 * thread-safe, and they return promptly (no network round trip inside a call). Listener upcalls
 * are delivered by the core on its own threads, in order for each listener and never
 * concurrently for the same listener; a listener that throws is logged and counted, and one that
 * blocks delays only its own later upcalls, never other listeners or the provider.
 */
@Export
@Version("1.0.0")
package io.grapevine.api.layer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
