package io.grapevine.randomwalk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.module.testkit.Configs;
import io.grapevine.randomwalk.RandomWalks.Ended;
import io.grapevine.randomwalk.RandomWalks.Lost;
import java.util.Random;
import org.junit.Test;

/**
 * Random walks on 100 simulated nodes ({@link WalkCluster}) whose peer sampling is a random view of
 * 8 neighbours: the real protocol class and codec, a virtual clock, seeded randomness, default
 * settings. Prints {@code [measure]} lines with the figures the README quotes.
 */
public class RandomWalkSimulationTest {
    static final int N = 100;
    static final int WALKS = 10_000;
    static final RandomWalkSettings DEFAULTS = RandomWalkSettings.from(Configs.defaults(RandomWalkConfig.class));

    /**
     * All 10,000 walks of 10 hops from one origin complete, and their end nodes are spread as
     * uniformly as chance allows: chi-square against uniform over the 100 nodes (99 degrees of
     * freedom: mean 99, 99.9th percentile 149) and the ratio of the most to the least hit node.
     */
    @Test
    public void walksFromOneNodeCompleteAndEndUniformlyOverTheCluster() {
        for (int hops : new int[] {1, 2, 5, 10, 20}) {
            WalkCluster cluster = new WalkCluster(N, 4, DEFAULTS, 7);
            int[] ends = new int[N];
            for (int i = 0; i < WALKS; i++) {
                cluster.walk(0, hops);
                cluster.runFor(1);
            }
            cluster.runFor(10_000);
            assertEquals(WALKS, cluster.outcomes.size());
            for (WalkCluster.Seen seen : cluster.outcomes) {
                assertTrue(seen.outcome() + " at hops " + hops, seen.outcome() instanceof Ended);
                Ended ended = (Ended) seen.outcome();
                assertEquals(hops, ended.hops());
                ends[WalkCluster.index(ended.node())]++;
            }
            double chiSquare = chiSquare(ends);
            double ratio = ratio(ends);
            System.out.printf("[measure] random walk, N=%d, 8-neighbour views, %d walks of %d hops from one node: "
                    + "chi-square %.1f (99 df), most/least hit node %s, %.1f messages per walk%n", N, WALKS, hops,
                    chiSquare, Double.isInfinite(ratio) ? "inf (some node never hit)" : String.format("%.2f", ratio),
                    cluster.messages / (double) WALKS);
            if (hops >= 10) {
                assertTrue("chi-square " + chiSquare + " for " + hops + " hops", chiSquare < 149);
                assertTrue("max/min " + ratio + " for " + hops + " hops", ratio < 2.5);
            }
        }
    }

    @Test
    public void walksThroughBlackHolesTimeOutAtTheirDeadline() {
        WalkCluster cluster = new WalkCluster(N, 4, DEFAULTS, 11);
        for (int i = 1; i <= 5; i++) {
            cluster.blackHole(i * 17);
        }
        Random random = new Random(11);
        int walks = 1000;
        int hops = 10;
        long[] startedAt = new long[walks];
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < walks; i++) {
            int origin;
            do {
                origin = random.nextInt(N);
            } while (origin % 17 == 0 && origin > 0 && origin <= 85);
            startedAt[i] = cluster.now();
            index.put(cluster.walk(origin, hops), i);
            cluster.runFor(3);
        }
        cluster.runFor((hops + 2) * DEFAULTS.hopTimeoutMs());
        assertEquals("every walk has an outcome", walks, cluster.outcomes.size());
        int lost = 0;
        for (WalkCluster.Seen seen : cluster.outcomes) {
            if (seen.outcome() instanceof Lost lostWalk) {
                lost++;
                assertTrue(lostWalk.timedOut());
                long deadline = startedAt[index.get(lostWalk.id())] + (hops + 1) * DEFAULTS.hopTimeoutMs();
                assertEquals(deadline, seen.at());
            }
        }
        double expected = 1 - Math.pow(1 - 5.0 / N, hops);
        System.out.printf("[measure] random walk, 5 of %d nodes swallow walks: %d of %d walks of %d hops lost "
                + "(%.0f %%; about 1 - 0.95^%d = %.0f %% expected), each failed at its deadline of %d ms%n", N,
                lost, walks, hops, 100.0 * lost / walks, hops, 100 * expected, (hops + 1) * DEFAULTS.hopTimeoutMs());
        assertTrue(lost > walks * expected / 2 && lost < walks * expected * 1.5);
    }

    @Test
    public void deadPeersInViewsAreSkippedNotFatal() {
        WalkCluster cluster = new WalkCluster(N, 4, DEFAULTS, 13);
        java.util.Set<Integer> dead = new java.util.HashSet<>();
        for (int i = 1; i <= 10; i++) {
            cluster.kill(i * 9);
            dead.add(i * 9);
        }
        for (int i = 0; i < 1000; i++) {
            cluster.walk(0, 10);
            cluster.runFor(1);
        }
        cluster.runFor(20_000);
        long ended = cluster.outcomes.stream().filter(s -> s.outcome() instanceof Ended).count();
        long full = cluster.outcomes.stream().filter(s -> s.outcome() instanceof Ended e && e.hops() == 10).count();
        System.out.printf("[measure] random walk, 10 of %d nodes dead but still in views: %d of 1000 walks of 10 "
                + "hops ended, %d of them after all 10 hops (a dead peer costs a retry, not the walk), %.1f messages "
                + "per walk%n", N, ended, full, cluster.messages / 1000.0);
        assertEquals(1000, ended);
        for (WalkCluster.Seen seen : cluster.outcomes) {
            assertTrue(!dead.contains(WalkCluster.index(((Ended) seen.outcome()).node())));
        }
    }

    static double chiSquare(int[] counts) {
        double expected = 0;
        for (int count : counts) {
            expected += count;
        }
        expected /= counts.length;
        double sum = 0;
        for (int count : counts) {
            sum += (count - expected) * (count - expected) / expected;
        }
        return sum;
    }

    static double ratio(int[] counts) {
        int max = 0;
        int min = Integer.MAX_VALUE;
        for (int count : counts) {
            max = Math.max(max, count);
            min = Math.min(min, count);
        }
        return min == 0 ? Double.POSITIVE_INFINITY : max / (double) min;
    }
}
