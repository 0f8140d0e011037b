package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.trust.TrustRoot;
import java.util.List;
import java.util.Set;

/**
 * What the {@link Node} asks its driver to do. The driver carries each out and feeds the outcome
 * back as an event: nothing here is done by the node itself.
 */
public sealed interface Action {

    /** Send {@code message} to {@code peer}'s core; its answer goes to {@link Node#replied}. */
    record Send(String peer, GossipMessage message) implements Action {
    }

    /**
     * Get jar {@code module} from {@code source} by SHA-256, give up at {@code deadline}; verify and
     * inspect it as an upload, store it, then report {@link Node#jarFetched} or {@link Node#fetchFailed}.
     */
    record Fetch(ModuleEntry module, String source, long deadline) implements Action {
    }

    /** Make the framework run {@code config}; report {@link Node#applied} when done. */
    record Apply(Configuration config) implements Action {
    }

    /** Start {@code module} again if it is still failed on this node; a new failure is {@link Node#moduleFailed}. */
    record Restart(ModuleEntry module) implements Action {
    }

    /**
     * Hand the node to the launcher to restart it on core {@code core} (a jar in the store): the
     * configuration names a core this node does not run and has not found bad.
     */
    record SwitchCore(ModuleEntry core) implements Action {
    }

    /** Write the history (newest first) to disk, atomically. */
    record Persist(List<Configuration> history) implements Action {
    }

    /** Write the roster to disk, atomically. */
    record PersistRoster(List<Roster.Member> members) implements Action {
    }

    /** Write the trust chain (oldest first, the last one believed) to disk, atomically. */
    record PersistTrust(List<TrustRoot> chain) implements Action {
    }

    /** Delete these jars from the store: nothing the node holds or wants names them. */
    record Discard(Set<String> jars) implements Action {
    }

    /** Record an event for the operator ({@code GET /core/events}, the log, the counters). */
    record Log(String type, String subject, String detail) implements Action {
    }

    /**
     * Something from {@code from} was not believed: count it under {@code code}, and log it when
     * {@code log} (once per sender per minute, so a flood does not flood the log).
     */
    record Refused(String code, String from, String detail, boolean log) implements Action {
    }

    /**
     * The answer to operator command {@code request}: {@code status} 201 with the configuration made
     * (200 for a proposal), or a 4xx with the one-line {@code reason}.
     */
    record Answer(long request, int status, Configuration config, String reason) implements Action {
    }
}
