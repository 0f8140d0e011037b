package io.grapevine.core.admin;

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
 * @param hints the peers the core gossips with, and what it last heard from each
 */
public record NodeStatus(String nodeId, String address, long uptimeMs, String deployment,
        List<ModuleStatus> modules, List<String> rendezvous, List<Hint> hints) {

    /**
     * One peer the core knows.
     *
     * @param address host:port
     * @param deployment the deployment last heard from it, {@code null} if none yet
     * @param heardMsAgo how long ago, {@code null} if never
     */
    public record Hint(String address, String deployment, Long heardMsAgo) {
    }

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
