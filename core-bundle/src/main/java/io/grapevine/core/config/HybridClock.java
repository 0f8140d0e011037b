package io.grapevine.core.config;

/**
 * Makes deployment numbers that are greater than every number this node has made or seen, even
 * when the wall clock goes back. A peer whose clock runs ahead drags our time forward but cannot
 * freeze the cluster: later numbers then advance by the counter (and spill into the next
 * millisecond if the counter runs out), so deployments stay possible everywhere
 * (the lesson of CASSANDRA-10969, where such numbers were refused instead). It saturates at the
 * range's end instead of leaving it.
 *
 * <p>Not thread-safe; free of the clock: the caller passes {@code now}.
 */
public final class HybridClock {
    private final String nodeId;
    private DeploymentNumber latest;

    public HybridClock(String nodeId) {
        this.nodeId = nodeId;
    }

    /** Records a number seen on disk or from a peer. */
    public void observe(DeploymentNumber seen) {
        latest = DeploymentNumber.max(latest, seen);
    }

    /**
     * A new number above everything observed, using {@code nowMillis} when it is ahead; null only
     * when no greater number exists (the last millisecond of year 9999 and its last counter), which
     * the node's bound on how far ahead a peer's number may be keeps out of reach.
     */
    public DeploymentNumber next(long nowMillis) {
        long time = Math.min(nowMillis, DeploymentNumber.MAX_TIME);
        DeploymentNumber next;
        if (latest == null || time > latest.time()) {
            next = new DeploymentNumber(Math.max(0, time), 0, nodeId);
        } else if (latest.counter() < Integer.MAX_VALUE) {
            next = new DeploymentNumber(latest.time(), latest.counter() + 1, nodeId);
        } else if (latest.time() < DeploymentNumber.MAX_TIME) {
            next = new DeploymentNumber(latest.time() + 1, 0, nodeId);
        } else {
            return null;
        }
        latest = next;
        return next;
    }
}
