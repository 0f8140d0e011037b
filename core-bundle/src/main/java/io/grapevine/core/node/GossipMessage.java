package io.grapevine.core.node;

import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.trust.TrustRoot;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One core-to-core message, request or reply: who sends it, its configuration's deployment number
 * and digest, the whole configuration only when the other side is behind (digests first: in a
 * cluster that agrees, messages carry a few dozen bytes of it), the version of the trust root it
 * believes, the roots a peer behind on trust needs to catch up (in replies only, oldest first), a
 * few of the sender's hints and roster entries.
 *
 * @param from the sender's host:port
 * @param deployment the sender's configuration's deployment number, null for none
 * @param digest the first 16 hex digits of the SHA-256 of what its deployers signed, null for none
 * @param config the sender's whole configuration, or null when it sends only the digest
 * @param trust the sender's trust root version
 * @param trustChain the roots after the other side's version, up to the sender's (often none)
 * @param hints some peers the sender knows
 * @param roster some members of the sender's roster, with how long ago it heard of each
 * @param coreReverted the SHA-256 of the core its configuration names that its launcher reverted,
 *     null when none: every roster shows it, so the operator sees a revert cluster-wide
 * @param probe a request that asks whether the receiver is alive ({@link Probes}): it carries no
 *     hints nor roster, and nor does the reply, so that a question costs a few hundred bytes
 */
public record GossipMessage(String from, DeploymentNumber deployment, String digest, Configuration config, long trust,
        List<TrustRoot> trustChain, List<String> hints, List<Roster.Entry> roster, String coreReverted,
        boolean probe) {

    public GossipMessage {
        trustChain = List.copyOf(trustChain);
        hints = List.copyOf(hints);
        roster = List.copyOf(roster);
        if (config != null && !Objects.equals(config.deployment(), deployment)) {
            throw new IllegalArgumentException("the configuration is " + config.deployment() + ", the message says "
                    + deployment);
        }
    }

    /** A message that is not a probe. */
    public GossipMessage(String from, DeploymentNumber deployment, String digest, Configuration config, long trust,
            List<TrustRoot> trustChain, List<String> hints, List<Roster.Entry> roster, String coreReverted) {
        this(from, deployment, digest, config, trust, trustChain, hints, roster, coreReverted, false);
    }

    /** A message of a node that reverted no core. */
    public GossipMessage(String from, DeploymentNumber deployment, String digest, Configuration config, long trust,
            List<TrustRoot> trustChain, List<String> hints, List<Roster.Entry> roster) {
        this(from, deployment, digest, config, trust, trustChain, hints, roster, null);
    }

    /** A message with the whole configuration. */
    public GossipMessage(String from, Configuration config, long trust, List<TrustRoot> trustChain, List<String> hints,
            List<Roster.Entry> roster) {
        this(from, config.deployment(), digest(config), config, trust, trustChain, hints, roster);
    }

    /** A message with the whole configuration and no roster entries. */
    public GossipMessage(String from, Configuration config, long trust, List<TrustRoot> trustChain,
            List<String> hints) {
        this(from, config, trust, trustChain, hints, List.of());
    }

    /** What two nodes compare before one sends the other a whole configuration. */
    public static String digest(Configuration config) {
        if (config.deployment() == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.signedBytes(config)),
                    0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
