package io.grapevine.core.admin;

import java.util.List;

/**
 * One deployment of the history.
 *
 * @param deployment its number
 * @param modules its modules, by name
 * @param signers the ids of the deployer keys that signed it
 */
public record HistoryEntry(String deployment, List<Module> modules, List<String> signers) {

    public HistoryEntry {
        modules = List.copyOf(modules);
        signers = List.copyOf(signers);
    }

    /**
     * One module of a deployment.
     *
     * @param name the module's name (its bundle's symbolic name)
     * @param version its bundle version
     * @param sha256 its jar's hash
     * @param size its jar's size in bytes
     * @param deployment the deployment at which it last changed
     */
    public record Module(String name, String version, String sha256, long size, String deployment) {
    }
}
