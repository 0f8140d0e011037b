package io.grapevine.core.node;

import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;

/**
 * A module jar the operator deploys, inspected and stored by the driver before the node hears of it.
 *
 * @param name the module name (Bundle-SymbolicName)
 * @param sha256 the jar's hash, its name in the store
 * @param size bytes
 * @param version the Bundle-Version
 */
public record Jar(String name, String sha256, long size, String version) {

    ModuleEntry at(DeploymentNumber deployment) {
        return new ModuleEntry(name, sha256, size, version, deployment);
    }
}
