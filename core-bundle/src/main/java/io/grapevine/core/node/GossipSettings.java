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
 * @param pushFanout peers told at once when a node adopts a new configuration, and peers looked for
 *     in each round while the interval is still short after news (default 4, the Trickle-style
 *     reset). The push tree reaches N nodes in about log_{fanout+1} N hops and misses about
 *     e^-fanout of them, which the short rounds then find; in the simulator 4 brought the last of
 *     1,000 nodes in 0.7-2.1 s where 3 took 1.6-4.2 s, for the same number of messages. A peer
 *     whose module traffic shows it behind is pushed to as well. 0 turns pushes off: news then
 *     travels by the rounds alone.
 * @param hintsPerMessage peers a message carries to the other side (default 6), the way hints
 *     spread when no membership module runs.
 * @param quietPeers a round of the backup path is skipped when, since the last one, module
 *     exchanges with at least this many peers showed the same deployment in both directions
 *     (default 1; 0 never skips), no exchange failed or mismatched, and the roster learned of no new
 *     member for a minute: the modules' own gossip is then the consistency check, as in Trickle a
 *     node that heard k consistent summaries stays silent. At 100 nodes in the simulator (bench
 *     {@code quiet-core}, 10 minutes) that leaves the core 1.6 % of the messages; 2 left 3.7 %, as
 *     a round jittered short often saw one exchange only.
 * @param quietRounds at most this many rounds in a row are skipped (default 30: one round in 5 min
 *     at the 10 s interval); the one that is not asks the member the roster heard of longest ago, so
 *     that a dead node no module talks to is still found failed, and a mistake in the check costs
 *     minutes
 */
public record GossipSettings(long intervalMs, long minIntervalMs, int maxHints, int pushFanout,
        int hintsPerMessage, int quietPeers, int quietRounds) {

    public static GossipSettings defaults() {
        return new GossipSettings(10_000, 250, 24, 4, 6, 1, 30);
    }

    /** The defaults' quiet-core knobs with these. */
    public GossipSettings(long intervalMs, long minIntervalMs, int maxHints, int pushFanout, int hintsPerMessage) {
        this(intervalMs, minIntervalMs, maxHints, pushFanout, hintsPerMessage, 1, 30);
    }

}
