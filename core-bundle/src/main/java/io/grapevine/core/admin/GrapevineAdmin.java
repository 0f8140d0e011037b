package io.grapevine.core.admin;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the operator's tools may ask of the core. Changes ({@link #deploy}, {@link #rollback},
 * {@link #undeploy}) return once this node runs the new deployment; a refusal is an
 * {@link AdminException} with an HTTP-like status and a one-line reason, and changes nothing.
 */
@ProviderType
public interface GrapevineAdmin {

    /** This node, its deployment, modules and peers, as {@code GET /core/status} shows them. */
    NodeStatus status();

    /** The deployments this node has adopted, newest first. */
    List<HistoryEntry> history();

    /** The node's recent events, oldest first. */
    List<Event> events();

    /** The largest module jar a deploy accepts. */
    long maxBundleBytes();

    /** The id of the deployer key this node signs with, or null when this node holds no deployer key. */
    String deployerKeyId();

    /** Deploys a module bundle jar; returns the new deployment number. */
    String deploy(byte[] jar) throws AdminException;

    /** A new deployment with the modules of {@code deployment}; returns its number. */
    String rollback(String deployment) throws AdminException;

    /** A new deployment without module {@code module}; returns its number. */
    String undeploy(String module) throws AdminException;
}
