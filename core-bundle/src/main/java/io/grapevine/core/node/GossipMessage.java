package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.trust.TrustRoot;
import java.util.List;

/**
 * One core-to-core message, request or reply: who sends it, the sender's whole configuration
 * (a few hundred bytes; sending it whole makes every exchange push-pull in one round trip), the
 * version of the trust root it believes, the roots a peer behind on trust needs to catch up
 * (in replies only, oldest first), and a few of the sender's hints so that every node's hints
 * spread over the cluster.
 *
 * @param from the sender's host:port
 * @param config the sender's current configuration
 * @param trust the sender's trust root version
 * @param trustChain the roots after the other side's version, up to the sender's (often none)
 * @param hints some peers the sender knows
 * @param roster some members of the sender's roster, with how long ago it heard of each
 */
public record GossipMessage(String from, Configuration config, long trust, List<TrustRoot> trustChain,
        List<String> hints, List<Roster.Entry> roster) {
    public GossipMessage {
        trustChain = List.copyOf(trustChain);
        hints = List.copyOf(hints);
        roster = List.copyOf(roster);
    }

    /** A message without roster entries. */
    public GossipMessage(String from, Configuration config, long trust, List<TrustRoot> trustChain,
            List<String> hints) {
        this(from, config, trust, trustChain, hints, List.of());
    }
}
