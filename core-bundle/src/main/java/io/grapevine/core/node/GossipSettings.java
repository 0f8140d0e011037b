package io.grapevine.core.node;

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

    public static GossipSettings defaults() {
        return new GossipSettings(10_000, 250, 24, 3, 6);
    }

}
