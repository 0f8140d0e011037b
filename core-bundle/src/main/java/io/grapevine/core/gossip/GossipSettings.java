package io.grapevine.core.gossip;

import static io.grapevine.core.NodeSettings.number;

import java.util.function.Function;

/**
 * The knobs of core gossip, all defaults in {@link #defaults()}.
 *
 * @param intervalMs mean time between two rounds of the backup path once all is quiet (default
 *     10 000; each round is jittered uniformly in [0.5, 1.5] × interval so nodes do not fall into
 *     lockstep). Shorter catches up lost pushes sooner at the price of one small exchange per node
 *     per interval.
 * @param minIntervalMs the interval right after news (default 250), Trickle's I_min: applying a
 *     new configuration, or hearing a peer that is behind, resets the interval to this, and each
 *     round doubles it back up to {@code intervalMs}. This finds the few nodes the pushes missed
 *     within seconds, and costs nothing once the cluster agrees.
 * @param maxHints learned peers kept besides the rendezvous list (default 24). More hints spread
 *     news along more paths; each costs only memory.
 * @param pushFanout peers told at once when a node applies a new configuration (default 3, the
 *     Trickle-style reset). The push tree reaches N nodes in about log_{fanout+1} N hops, so 3
 *     brings 100 nodes in ~4 hops; more speeds that up little and multiplies duplicate pushes.
 * @param hintsPerMessage peers a message carries to the other side (default 6), the way hints
 *     spread when no membership module runs.
 */
public record GossipSettings(long intervalMs, long minIntervalMs, int maxHints, int pushFanout,
        int hintsPerMessage) {

    public static final String INTERVAL = "grapevine.gossip.interval.ms";
    public static final String MIN_INTERVAL = "grapevine.gossip.min.interval.ms";
    public static final String MAX_HINTS = "grapevine.gossip.max.hints";
    public static final String PUSH_FANOUT = "grapevine.gossip.push.fanout";

    public static GossipSettings defaults() {
        return new GossipSettings(10_000, 250, 24, 3, 6);
    }

    /** The defaults overridden by framework properties where set. */
    public static GossipSettings from(Function<String, String> property) {
        GossipSettings d = defaults();
        long interval = number(property, INTERVAL, d.intervalMs(), 1);
        return new GossipSettings(interval, Math.min(interval, number(property, MIN_INTERVAL, d.minIntervalMs(), 1)),
                (int) number(property, MAX_HINTS, d.maxHints(), 1),
                (int) number(property, PUSH_FANOUT, d.pushFanout(), 0),
                d.hintsPerMessage());
    }
}
