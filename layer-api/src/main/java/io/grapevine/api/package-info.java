/**
 * The API a Grapevine gossip module sees: its life cycle ({@link io.grapevine.api.Module}) and
 * what the core offers it ({@link io.grapevine.api.ModuleContext}). Nothing here is an
 * implementation; the core implements the {@code @ProviderType} interfaces and modules the
 * {@code @ConsumerType} ones.
 */
@Export
@Version("1.0.0")
package io.grapevine.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
