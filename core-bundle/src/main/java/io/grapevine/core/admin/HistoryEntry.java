package io.grapevine.core.admin;

import java.util.List;

/**
 * One configuration this node applied.
 *
 * @param deployment its deployment token
 * @param modules its modules, sorted by name
 * @param signers the ids of the deployer keys that signed it; empty while deployments are unsigned
 */
public record HistoryEntry(String deployment, List<Module> modules, List<String> signers) {

    /**
     * One module of a configuration.
     *
     * @param name the module's name, its bundle's symbolic name
     * @param version the bundle's version
     * @param sha256 lower-case hex SHA-256 of the bundle jar
     * @param size the jar's size in bytes
     * @param deployment the deployment at which this module last changed
     */
    public record Module(String name, String version, String sha256, long size, String deployment) {
    }
}
