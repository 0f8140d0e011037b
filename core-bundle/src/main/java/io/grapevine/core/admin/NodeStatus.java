package io.grapevine.core.admin;

import java.util.List;

/**
 * What {@code GET /core/status}, {@code grapevine:status} and the console show of a node.
 *
 * @param nodeId this node's id
 * @param address host:port peers use
 * @param uptimeMs milliseconds since the core started
 * @param deployment the deployment the framework runs, {@code null} while none
 * @param modules the modules of the current configuration and their state on this node
 * @param rendezvous the static rendezvous list
 * @param hints the peers the core gossips with, and what it last heard from each
 * @param clusterSize the nodes of the roster that have not left, this one included: what "all nodes" is
 * @param roster every node this node has heard of, this one first
 * @param core what the launcher says of the core this node runs: {@code good <sha> <version>},
 *     {@code probation <sha>}, {@code reverted <sha> <reason>}, or that no launcher manages it
 */
public record NodeStatus(String nodeId, String address, long uptimeMs, String deployment,
        List<ModuleStatus> modules, List<String> rendezvous, List<Hint> hints, int clusterSize, List<Member> roster,
        String core) {

    /** A status without a roster (the shape of version 1.0). */
    public NodeStatus(String nodeId, String address, long uptimeMs, String deployment, List<ModuleStatus> modules,
            List<String> rendezvous, List<Hint> hints) {
        this(nodeId, address, uptimeMs, deployment, modules, rendezvous, hints, 1, List.of(), null);
    }

    /** A status without the core's state (the shape of 1.1 before core updates). */
    public NodeStatus(String nodeId, String address, long uptimeMs, String deployment, List<ModuleStatus> modules,
            List<String> rendezvous, List<Hint> hints, int clusterSize, List<Member> roster) {
        this(nodeId, address, uptimeMs, deployment, modules, rendezvous, hints, clusterSize, roster, null);
    }

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
     * One node of the roster.
     *
     * @param address host:port
     * @param deployment the deployment it ran when last heard of, {@code null} if none
     * @param state {@code alive}, {@code suspect} (not heard of for a while), {@code down} or {@code left}
     * @param heardMsAgo how long ago this node last heard of it (directly or from a peer)
     * @param coreReverted {@code reverted <sha12>} when its launcher reverted the core its
     *     deployment names, {@code null} otherwise
     */
    public record Member(String address, String deployment, String state, long heardMsAgo, String coreReverted) {
        /** A member with no reverted core (the shape of version 1.2). */
        public Member(String address, String deployment, String state, long heardMsAgo) {
            this(address, deployment, state, heardMsAgo, null);
        }
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
     * @param stateHandover {@code kept} when it started with the state its previous version or run
     *     handed over, {@code lost} when that state was lost, {@code null} when there was none to hand over
     * @param handoverReason why the state was lost, {@code null} otherwise
     */
    public record ModuleStatus(String name, String version, String sha256, String deployment,
            String state, String reason, String stateHandover, String handoverReason) {

        /** A module status without hand-over (the shape of version 1.0). */
        public ModuleStatus(String name, String version, String sha256, String deployment, String state,
                String reason) {
            this(name, version, sha256, deployment, state, reason, null, null);
        }
    }
}
