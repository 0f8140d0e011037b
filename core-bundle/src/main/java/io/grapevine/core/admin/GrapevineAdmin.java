package io.grapevine.core.admin;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What an operator's tool may ask of this node's core. A change ({@link #deploy}, {@link #rollback},
 * {@link #undeploy}) is a new deployment, applied here before the call returns and then gossiped to
 * every node; a refusal is an {@link AdminException} and changes nothing. Safe to call from any
 * thread; changes are applied one after the other.
 */
@ProviderType
public interface GrapevineAdmin {

    /** This node as {@code GET /core/status} shows it. */
    NodeStatus status();

    /** The configurations this node has applied, newest first (the first is the current one). */
    List<HistoryEntry> history();

    /** The node's recent events, oldest first. */
    List<Event> events();

    /** The largest module jar {@link #deploy} takes, in bytes: read no more than this. */
    long maxBundleBytes();

    /** The id of the deployer key this node signs with; {@code null} when this node holds no deployer key. */
    String deployerKeyId();

    /**
     * Deploys a module bundle jar: a new deployment with this module added, or replacing the module
     * of the same name.
     *
     * @return the new deployment's token
     */
    String deploy(byte[] jar) throws AdminException;

    /**
     * A new deployment whose modules are those of {@code deployment} (a token from {@link #history}).
     *
     * @return the new deployment's token
     */
    String rollback(String deployment) throws AdminException;

    /**
     * A new deployment without module {@code module}.
     *
     * @return the new deployment's token
     */
    String undeploy(String module) throws AdminException;
}
