package io.grapevine.randomwalk;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Every knob of the random-walk module, with its default: the one place where they live. Set them
 * through Configuration Admin under the component's name ({@code io.grapevine.randomwalk.RandomWalkModule});
 * {@link RandomWalkSettings} checks their ranges.
 */
@ObjectClassDefinition(name = "Grapevine random walks",
        description = "Bounded random walks over peer sampling (the Art paper's Algorithm 6).")
public @interface RandomWalkConfig {

    @AttributeDefinition(description = "Time budget per hop (default 1000 ms): a walk of h hops that has "
            + "not come back after (h + 1) x this is lost, and its CompletionStage fails with a "
            + "TimeoutException. A hop takes one exchange (milliseconds on a LAN); shorter notices lost "
            + "walks sooner, but gives up on slow ones.")
    long hopTimeoutMs() default 1000;

    @AttributeDefinition(description = "Longest walk accepted, from a caller or on the wire (default 64). "
            + "On an expander-like overlay (CYCLON, random views of ~8 peers) a walk of 10 to 20 hops "
            + "already ends at a nearly uniform node; longer ones cost one message per hop.")
    int maxHops() default 64;

    @AttributeDefinition(description = "Peers tried for one hop before the walk ends early at the node "
            + "that holds it (default 3): a dead peer in a view does not lose the walk. The walk then "
            + "ends after fewer hops than asked, which randomNode allows ('at most maxHops').")
    int forwardAttempts() default 3;

    @AttributeDefinition(description = "Walks this node may have under way at once (default 1000); beyond, "
            + "randomNode fails at once. Bounds the memory of callers that never wait.")
    int maxPendingWalks() default 1000;

    @AttributeDefinition(description = "How long one forward or answer may take before it counts as "
            + "failed and the next peer is tried (default 1000 ms).")
    long exchangeTimeoutMs() default 1000;
}
