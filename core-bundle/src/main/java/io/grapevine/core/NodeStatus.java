package io.grapevine.core;

import java.util.List;

/**
 * What {@code GET /core/status}, {@code grapevine:status} and the console show of a node.
 *
 * @param nodeId this node's id
 * @param address host:port peers use
 * @param uptimeMs milliseconds since the core started
 * @param deployment the current configuration's deployment token, {@code null} while none
 * @param modules the modules of the current configuration and their state on this node
 * @param rendezvous the static rendezvous list
 */
public record NodeStatus(String nodeId, String address, long uptimeMs, String deployment,
        List<ModuleStatus> modules, List<String> rendezvous) {

    /**
     * One module as this node runs it.
     *
     * @param name module name
     * @param version bundle version
     * @param sha256 jar hash
     * @param deployment the deployment at which the module last changed
     * @param state {@code running}, {@code failed} or {@code starting}
     * @param reason why it failed, {@code null} otherwise
     */
    public record ModuleStatus(String name, String version, String sha256, String deployment,
            String state, String reason) {
    }
}
