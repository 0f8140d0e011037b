package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import java.util.List;

/**
 * One core-to-core message, request or reply: who sends it, the sender's whole configuration
 * (a few hundred bytes; sending it whole makes every exchange push-pull in one round trip), and a
 * few of the sender's hints so that every node's hints spread over the cluster.
 *
 * @param from the sender's host:port
 * @param config the sender's current configuration
 * @param hints some peers the sender knows
 */
public record GossipMessage(String from, Configuration config, List<String> hints) {
    public GossipMessage {
        hints = List.copyOf(hints);
    }
}
