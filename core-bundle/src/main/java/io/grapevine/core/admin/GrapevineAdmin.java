package io.grapevine.core.admin;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the operator's tools may ask of the core. Changes ({@link #deploy}, {@link #rollback},
 * {@link #undeploy}) return once this node runs the new deployment; a refusal is an
 * {@link AdminException} with an HTTP-like status and a one-line reason, and changes nothing. The
 * service also checks the admin's login ({@link #checkAdmin}) for the REST API and the Web Console,
 * so that both share one password check and one back-off.
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

    /**
     * Checks the admin's login, for every tool that takes one (the REST API, the Web Console): the
     * password against the node's stored PBKDF2 form, in constant time, with a back-off per client
     * address after repeated failures. Returns when {@code user} and {@code password} are the
     * admin's; otherwise throws 401 (none given, or wrong; a wrong one counts as a failure) or 429
     * with {@link AdminException#retryAfterSeconds()} while {@code client} must wait (then the
     * password is not even checked). The password is never logged.
     *
     * @param user the user name given, or null when the request carries none
     * @param password the password given, or null
     * @param client the address the request comes from (its IP address)
     * @since 1.1
     */
    void checkAdmin(String user, String password, String client) throws AdminException;

    /**
     * Counts a request that an operator's tool refused (for instance a cross-site POST to the Web
     * Console) in {@code grapevine_refusals_total}, under {@code reason}: a short fixed code such as
     * {@code console-cross-origin}, never text from the request.
     *
     * @since 1.1
     */
    void countRefusal(String reason);
}
