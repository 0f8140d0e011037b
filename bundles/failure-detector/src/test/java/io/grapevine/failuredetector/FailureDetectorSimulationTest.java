package io.grapevine.failuredetector;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.module.testkit.SimulatedAddresses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/** 100 simulated nodes, each the real protocol, on a virtual clock, with the default settings. */
public class FailureDetectorSimulationTest {
    private static final int N = 100;
    private static final Settings DEFAULTS = Settings.defaults();
    /**
     * Detection bound: T_fail after the last rise of the crashed member's counter reaches the
     * observer, which is at most the time gossip takes to spread it (about 8 rounds at N = 100).
     */
    private static final long BOUND_MS = DEFAULTS.failMs() + 10 * DEFAULTS.intervalMs();
    private static final Set<Integer> CRASHED = Set.of(3, 17, 29, 42, 55, 61, 70, 84, 91, 99);

    @Test
    public void crashedNodesAreSuspectedByEveryLiveNodeWithinTheBound() {
        Simulation sim = new Simulation(N, DEFAULTS, 1);
        sim.runFor(60_000);
        long crashAt = sim.now();
        CRASHED.forEach(sim::crash);
        sim.runFor(BOUND_MS + 10_000);
        List<Long> detections = new ArrayList<>();
        for (int observer = 0; observer < N; observer++) {
            for (int crashed : CRASHED) {
                if (sim.alive(observer)) {
                    detections.add(firstSuspicion(sim, observer, SimulatedAddresses.of(crashed)) - crashAt);
                }
            }
        }
        Collections.sort(detections);
        System.out.println("[measure] failure detector N=100 interval=" + DEFAULTS.intervalMs() + " ms fail="
                + DEFAULTS.failMs() + " ms, 10 crashed: detection time after the crash (ms) min "
                + detections.get(0) + " median " + detections.get(detections.size() / 2) + " p99 "
                + detections.get(detections.size() * 99 / 100) + " max " + detections.get(detections.size() - 1)
                + " over " + detections.size() + " (observer, crashed) pairs");
        assertEquals(90 * 10, detections.size());
        assertTrue("every crashed node suspected by every live node within " + BOUND_MS + " ms",
                detections.get(detections.size() - 1) <= BOUND_MS && detections.get(0) >= 0);
    }

    @Test
    public void aLosslessRunNeverSuspectsALiveNode() {
        Simulation sim = new Simulation(N, DEFAULTS, 2);
        long worst = 0;
        for (int second = 0; second < 300; second++) {
            if (second == 100) {
                CRASHED.forEach(sim::crash);
            }
            sim.runFor(1000);
            if (second >= 30) {
                worst = Math.max(worst, sim.worstStalenessMs());
            }
        }
        long wrong = sim.seen.stream().filter(s -> s.suspected() && sim.alive(SimulatedAddresses.indexOf(s.member())))
                .count();
        long right = sim.seen.stream().filter(s -> s.suspected() && !sim.alive(SimulatedAddresses.indexOf(s.member())))
                .count();
        System.out.println("[measure] failure detector N=100, 300 s lossless, 10 crashed at 100 s: " + wrong
                + " live nodes suspected, " + right + " suspicions of crashed ones; worst staleness of news of a"
                + " live member " + worst + " ms (" + String.format("%.1f", worst / (double) DEFAULTS.intervalMs())
                + " rounds, against fail.ms " + DEFAULTS.failMs() + ")");
        assertEquals(0, wrong);
        assertEquals(90 * 10, right);
    }

    @Test
    public void aRestartedNodeRecoversEverywhere() {
        Simulation sim = new Simulation(30, DEFAULTS, 3);
        sim.runFor(30_000);
        sim.crash(7);
        sim.runFor(BOUND_MS + 1000);
        long restartAt = sim.now();
        sim.restart(7, DEFAULTS);
        sim.runFor(20_000);
        long recovered = sim.seen.stream().filter(s -> !s.suspected() && s.member().equals(SimulatedAddresses.of(7)))
                .count();
        long slowest = sim.seen.stream().filter(s -> !s.suspected() && s.member().equals(SimulatedAddresses.of(7)))
                .mapToLong(s -> s.at() - restartAt).max().orElse(-1);
        System.out.println("[measure] failure detector N=30: a restarted node recovered on all 29 others within "
                + slowest + " ms");
        assertEquals(29, recovered);
        for (int i = 0; i < 30; i++) {
            assertTrue(sim.node(i).suspected().isEmpty());
        }
    }

    @Test
    public void theSameSeedGivesTheSameRun() {
        List<List<Simulation.Seen>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Simulation sim = new Simulation(20, DEFAULTS, 9);
            sim.runFor(20_000);
            sim.crash(4);
            sim.runFor(20_000);
            runs.add(sim.seen);
        }
        assertEquals(runs.get(0), runs.get(1));
    }

    private static long firstSuspicion(Simulation sim, int observer, String member) {
        return sim.seen.stream().filter(s -> s.observer() == observer && s.member().equals(member) && s.suspected())
                .mapToLong(Simulation.Seen::at).min().orElse(Long.MAX_VALUE / 2);
    }
}
