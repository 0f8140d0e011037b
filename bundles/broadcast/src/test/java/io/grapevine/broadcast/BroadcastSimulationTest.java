package io.grapevine.broadcast;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.module.testkit.Configs;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.Test;

/**
 * The broadcast on 100 simulated nodes ({@link BroadcastCluster}): the real protocol class and
 * codec, a virtual clock, seeded randomness, default settings. Prints {@code [measure]} lines with
 * the figures the README quotes.
 */
public class BroadcastSimulationTest {
    static final int N = 100;
    static final int MESSAGES = 20;
    static final BroadcastSettings DEFAULTS = BroadcastSettings.from(Configs.defaults(BroadcastConfig.class));

    @Test
    public void reachesAtLeast99PercentOnAverageAndEstimatesEachCoverageWithin5Percent() {
        for (long seed = 1; seed <= 5; seed++) {
            measure(seed, 0, "all nodes up");
        }
    }

    @Test
    public void stillReaches99PercentOfTheLiveOnAverageWhenATenthIsDeadButStillSampled() {
        for (long seed = 1; seed <= 5; seed++) {
            measure(seed, 10, "10 dead nodes still sampled");
        }
    }

    private static void measure(long seed, int deadNodes, String scenario) {
        BroadcastCluster cluster = new BroadcastCluster(N, DEFAULTS, seed);
        Random random = new Random(seed);
        while (N - cluster.liveCount() < deadNodes) {
            cluster.kill(random.nextInt(N));
        }
        double worstReach = 1;
        double sumReach = 0;
        double sumEstimate = 0;
        double worstGap = 0;
        for (int m = 0; m < MESSAGES; m++) {
            int origin;
            do {
                origin = random.nextInt(N);
            } while (!cluster.alive(origin));
            PublicationStats stats = cluster.publish(origin, ("message " + m).getBytes(StandardCharsets.UTF_8));
            cluster.runFor(1000);
            double reach = cluster.reach(stats.id());
            double estimate = stats.coverage(cluster.now());
            worstReach = Math.min(worstReach, reach);
            worstGap = Math.max(worstGap, Math.abs(estimate - reach));
            sumReach += reach;
            sumEstimate += estimate;
            assertTrue(scenario + ", seed " + seed + ": estimated " + estimate + ", reached " + reach,
                    Math.abs(estimate - reach) <= 0.05);
        }
        assertEquals("a node delivered a message twice", 0, cluster.duplicateDeliveries);
        assertTrue(scenario + ", seed " + seed + ": mean reach " + sumReach / MESSAGES, sumReach / MESSAGES >= 0.99);
        System.out.printf("[measure] broadcast, N=%d, %s, seed %d, fanout %d: %d messages, mean reach %.4f "
                + "(worst %.2f), mean estimated coverage %.4f (worst gap %.4f), %.1f messages per node per "
                + "broadcast%n", N, scenario, seed, Coverage.fanout(cluster.liveCount(), DEFAULTS.fanoutConstant(),
                DEFAULTS.maxFanout()), MESSAGES, sumReach / MESSAGES, worstReach, sumEstimate / MESSAGES, worstGap,
                cluster.messages / (double) MESSAGES / N);
    }

    @Test
    public void theEstimateGrowsAsTheMessageSpreads() {
        BroadcastCluster cluster = new BroadcastCluster(N, DEFAULTS, 42);
        PublicationStats stats = cluster.publish(0, new byte[] {1});
        StringBuilder line = new StringBuilder();
        double previous = 0;
        for (int step = 0; step <= 8; step++) {
            double estimate = stats.coverage(cluster.now());
            double reach = cluster.reach(stats.id());
            line.append(String.format(" t=%dms est %.3f true %.3f;", cluster.now(), estimate, reach));
            assertTrue(estimate >= previous);
            previous = estimate;
            cluster.runFor(5);
        }
        System.out.println("[measure] broadcast coverage over time, N=100:" + line);
        assertEquals(1.0 / N, Coverage.estimate(new PublicationStats("x", 0, N, new DeliveryRate()), 0), 1e-12);
    }
}
