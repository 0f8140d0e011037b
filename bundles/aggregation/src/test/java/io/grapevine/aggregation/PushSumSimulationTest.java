package io.grapevine.aggregation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.api.layer.Estimate;
import io.grapevine.module.testkit.Configs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.Test;

/**
 * Push-sum on 100 simulated nodes ({@link PushSumCluster}): the real protocol class and codec, a
 * virtual clock, seeded randomness, default settings. Prints {@code [measure]} lines with the
 * figures the README quotes.
 *
 * <p>The honesty claim checked here: at the end, at every node, the true error is at most
 * {@link #HONESTY_FACTOR} times the reported error (the reported error is a bound up to that
 * factor), both when every node first is within 1 % and at the end; and at the end every node
 * reports an error below {@link #USEFUL_RELATIVE_ERROR} of its value (the bound is not vacuous: a
 * node that converged can tell).
 */
public class PushSumSimulationTest {
    static final int N = 100;
    static final long[] SEEDS = {1, 2, 3, 4, 5};
    static final double HONESTY_FACTOR = 2;
    static final double USEFUL_RELATIVE_ERROR = 0.01;
    static final AggregationSettings DEFAULTS = AggregationSettings.from(Configs.defaults(AggregationConfig.class));

    @Test
    public void averageIsWithinOnePercentInThirtyRoundsAndItsErrorIsHonest() {
        for (long seed : SEEDS) {
            PushSumCluster cluster = new PushSumCluster(values(seed), DEFAULTS, seed, 0);
            int rounds = roundsUntil(cluster, 30, c -> worstRelativeError(c, PushSum::average, c.trueAverage()));
            assertTrue("seed " + seed + ": not within 1 % after 30 rounds", rounds > 0);
            checkHonest(cluster, PushSum::average, cluster.trueAverage(), "average, seed " + seed);
            cluster.runFor((30 - rounds) * DEFAULTS.roundIntervalMs());
            checkHonest(cluster, PushSum::average, cluster.trueAverage(), "average, seed " + seed);
            checkConvergedAndKnowsIt(cluster, PushSum::average, "average, seed " + seed);
            System.out.printf("[measure] push-sum average, N=%d, seed %d: within 1 %% of the truth at every node "
                    + "after %d rounds; after 30 rounds worst true error %.1e (relative %.1e), worst reported "
                    + "error %.1e, %d messages%n", N, seed, rounds,
                    worstAbsoluteError(cluster, PushSum::average, cluster.trueAverage()),
                    worstRelativeError(cluster, PushSum::average, cluster.trueAverage()),
                    worstReported(cluster, PushSum::average), cluster.messages);
        }
    }

    @Test
    public void countIsWithinOnePercentWithinTheFirstEpochAndItsErrorIsHonest() {
        for (long seed : SEEDS) {
            PushSumCluster cluster = new PushSumCluster(values(seed), DEFAULTS, seed, 0);
            int rounds = roundsUntil(cluster, DEFAULTS.epochRounds(), c -> worstRelativeError(c, PushSum::count, N));
            assertTrue("seed " + seed + ": count not within 1 % in the first epoch", rounds > 0);
            checkHonest(cluster, PushSum::count, N, "count, seed " + seed);
            cluster.runFor((DEFAULTS.epochRounds() - rounds) * DEFAULTS.roundIntervalMs());
            checkHonest(cluster, PushSum::count, N, "count, seed " + seed);
            checkConvergedAndKnowsIt(cluster, PushSum::count, "count, seed " + seed);
            System.out.printf("[measure] push-sum count, N=%d, seed %d: within 1 %% at every node after %d rounds; "
                    + "after %d rounds worst true error %.1e, worst reported error %.1e%n", N, seed, rounds,
                    DEFAULTS.epochRounds(), worstAbsoluteError(cluster, PushSum::count, N),
                    worstReported(cluster, PushSum::count));
        }
    }

    @Test
    public void bootElectsTheSmallestIdAsTheOnlyInitiator() {
        PushSumCluster cluster = new PushSumCluster(values(7), DEFAULTS, 7, 0);
        cluster.runFor(15 * DEFAULTS.roundIntervalMs());
        Epoch expected = new Epoch(0, PushSumCluster.id(cluster.smallestId()));
        for (int i = 0; i < N; i++) {
            assertEquals(expected, cluster.node(i).epoch());
        }
    }

    @Test
    public void averageFollowsChangedValuesWithinTheEpoch() {
        long seed = 11;
        PushSumCluster cluster = new PushSumCluster(values(seed), DEFAULTS, seed, 0);
        cluster.runFor(30 * DEFAULTS.roundIntervalMs());
        double before = cluster.trueAverage();
        for (int i = 0; i < 10; i++) {
            cluster.setValue(i * 7, 1000);
        }
        int rounds = roundsUntil(cluster, 80, c -> worstRelativeError(c, PushSum::average, c.trueAverage()));
        System.out.printf("[measure] push-sum: at round 30, 10 of %d values raised to 1000 (average %.1f -> %.1f); "
                + "within 1 %% again after %d rounds (an epoch restart at round 40 included)%n", N, before,
                cluster.trueAverage(), rounds);
        assertTrue("the average did not follow the new values within an epoch", rounds > 0
                && rounds <= DEFAULTS.epochRounds());
    }

    @Test
    public void countAndAverageFollowDeparturesThroughEpochs() {
        long seed = 13;
        PushSumCluster cluster = new PushSumCluster(values(seed), DEFAULTS, seed, 0);
        cluster.runFor(50 * DEFAULTS.roundIntervalMs());
        Random random = new Random(seed);
        cluster.kill(cluster.smallestId()); // the leader too: a follower takes over after the grace rounds
        while (cluster.liveCount() > 80) {
            cluster.kill(random.nextInt(N));
        }
        int limit = DEFAULTS.epochRounds() + DEFAULTS.graceRounds() + 40;
        int rounds = roundsUntil(cluster, limit, c -> Math.max(worstRelativeError(c, PushSum::count, c.liveCount()),
                worstRelativeError(c, PushSum::average, c.trueAverage())));
        System.out.printf("[measure] push-sum: 20 of %d nodes (with the leader) stop at round 50; count and "
                + "average within 1 %% of the 80 left after %d more rounds%n", N, rounds);
        assertTrue("the estimates did not follow the departures", rounds > 0);
        checkHonest(cluster, PushSum::count, cluster.liveCount(), "count after departures");
    }

    @Test
    public void lossyNetworkStillEstimatesTheAverage() {
        for (double loss : new double[] {0.01, 0.05}) {
            PushSumCluster cluster = new PushSumCluster(values(17), DEFAULTS, 17, loss);
            cluster.runFor(35 * DEFAULTS.roundIntervalMs());
            double error = worstRelativeError(cluster, PushSum::average, cluster.trueAverage());
            double countError = worstRelativeError(cluster, PushSum::count, N);
            System.out.printf("[measure] push-sum with %.0f %% of messages and %.0f %% of answers lost: after 35 "
                    + "rounds worst relative error average %.1e, count %.1e%n", loss * 100, loss * 100, error,
                    countError);
            assertTrue("average off by " + error + " at loss " + loss, error < 0.05);
        }
    }

    @Test
    public void aLoneNodeKnowsItIsAlone() {
        PushSumCluster cluster = new PushSumCluster(List.of(42.0), DEFAULTS, 3, 0);
        cluster.runFor(10 * DEFAULTS.roundIntervalMs());
        assertEquals(42.0, cluster.node(0).average().value(), 0);
        assertEquals(1.0, cluster.node(0).count().value(), 0);
        assertTrue(cluster.node(0).count().error() < 1e-9);
    }

    /** Runs round by round until {@code error} is at most 1 %; returns the rounds taken, or -1. */
    static int roundsUntil(PushSumCluster cluster, int limit, ToDoubleFunction<PushSumCluster> error) {
        for (int round = 1; round <= limit; round++) {
            cluster.runFor(DEFAULTS.roundIntervalMs());
            if (error.applyAsDouble(cluster) <= 0.01) {
                return round;
            }
        }
        return -1;
    }

    /** At the end, every node's reported error is small: a node that converged knows it. */
    static void checkConvergedAndKnowsIt(PushSumCluster cluster, java.util.function.Function<PushSum, Estimate> aggregate,
            String what) {
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.alive(i)) {
                Estimate estimate = aggregate.apply(cluster.node(i));
                assertTrue(what + ": node " + i + " reports " + estimate,
                        estimate.error() <= USEFUL_RELATIVE_ERROR * Math.abs(estimate.value()));
            }
        }
    }

    static void checkHonest(PushSumCluster cluster, java.util.function.Function<PushSum, Estimate> aggregate,
            double truth, String what) {
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.alive(i)) {
                Estimate estimate = aggregate.apply(cluster.node(i));
                double error = Math.abs(estimate.value() - truth);
                assertTrue(what + ": node " + i + " is off by " + error + " but reports " + estimate.error(),
                        error <= HONESTY_FACTOR * estimate.error());
            }
        }
    }

    static double worstAbsoluteError(PushSumCluster cluster, java.util.function.Function<PushSum, Estimate> aggregate,
            double truth) {
        double worst = 0;
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.alive(i)) {
                worst = Math.max(worst, Math.abs(aggregate.apply(cluster.node(i)).value() - truth));
            }
        }
        return worst;
    }

    static double worstRelativeError(PushSumCluster cluster, java.util.function.Function<PushSum, Estimate> aggregate,
            double truth) {
        return worstAbsoluteError(cluster, aggregate, truth) / Math.abs(truth);
    }

    static double worstReported(PushSumCluster cluster, java.util.function.Function<PushSum, Estimate> aggregate) {
        double worst = 0;
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.alive(i)) {
                worst = Math.max(worst, aggregate.apply(cluster.node(i)).error());
            }
        }
        return worst;
    }

    /** Node values uniform in [0, 100). */
    static List<Double> values(long seed) {
        Random random = new Random(seed);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            values.add(random.nextDouble() * 100);
        }
        return values;
    }
}
