package io.grapevine.membership;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.module.testkit.GossipSimulation;
import io.grapevine.module.testkit.SimulatedAddresses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

/** 100 simulated nodes, each the real protocol, on a virtual clock: what the paper's app achieves. */
public class MembershipSimulationTest {
    private static final int N = 100;
    private static final Settings DEFAULTS = Settings.defaults();

    @Test
    public void afterTwentyPercentCrashViewsNameLiveNodesWithinTenRounds() {
        GossipSimulation<MembershipProtocol> sim = MembershipWiring.simulation(N, 10, DEFAULTS, 1);
        sim.runRounds(30);
        assertEquals("steady state: every view full", N * DEFAULTS.viewSize(), totalEntries(sim));
        for (int i : crashSet(new Random(7), 20)) {
            sim.crash(i);
        }
        int reachedAt = -1;
        StringBuilder perRound = new StringBuilder();
        for (int round = 1; round <= 10; round++) {
            sim.runRounds(1);
            double live = liveFraction(sim);
            perRound.append(String.format(" %d:%.3f", round, live));
            if (reachedAt < 0 && live >= 0.95 && everyLiveNodeInSomeView(sim)) {
                reachedAt = round;
            }
        }
        System.out.println("[measure] membership N=100 view=30 maxAge=" + DEFAULTS.maxAge()
                + ", 20 of 100 crashed: fraction of view entries naming live nodes per round:" + perRound);
        System.out.println("[measure] membership: >= 95 % live entries and every live node in some view after "
                + reachedAt + " rounds; mean view size " + String.format("%.1f", meanViewSize(sim)));
        assertTrue("reached within 10 rounds", reachedAt > 0 && reachedAt <= 10);
        assertTrue(everyLiveNodeInSomeView(sim));
    }

    @Test
    public void liveMembersRarelyLeaveViewsInSteadyState() {
        GossipSimulation<MembershipProtocol> sim = MembershipWiring.simulation(N, 10, DEFAULTS, 2);
        sim.runRounds(30);
        for (int i = 0; i < N; i++) {
            sim.node(i).pollChanges();
        }
        sim.runRounds(100);
        long left = 0;
        for (int i = 0; i < N; i++) {
            left += sim.node(i).pollChanges().stream().filter(c -> !c.joined()).count();
        }
        int minInDegree = Integer.MAX_VALUE;
        int maxInDegree = 0;
        int[] inDegree = inDegrees(sim);
        for (int degree : inDegree) {
            minInDegree = Math.min(minInDegree, degree);
            maxInDegree = Math.max(maxInDegree, degree);
        }
        System.out.println("[measure] membership steady state (100 rounds, no crash): " + left
                + " left upcalls in all (" + String.format("%.2f", left / 100.0 / N)
                + " per node per round, the random selection's churn), in-degree min " + minInDegree + " max "
                + maxInDegree + ", mean view size " + String.format("%.1f", meanViewSize(sim)));
        assertTrue("no node forgotten", minInDegree > 0);
    }

    @Test
    public void theSameSeedGivesTheSameRun() {
        List<List<String>> views = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            GossipSimulation<MembershipProtocol> sim = MembershipWiring.simulation(30, 3, DEFAULTS, 5);
            sim.runRounds(20);
            sim.crash(4);
            sim.runRounds(5);
            views.add(sim.node(7).members());
        }
        assertEquals(views.get(0), views.get(1));
    }

    private static Set<Integer> crashSet(Random random, int count) {
        Set<Integer> crashed = new HashSet<>();
        while (crashed.size() < count) {
            crashed.add(random.nextInt(N));
        }
        return crashed;
    }

    private static double liveFraction(GossipSimulation<MembershipProtocol> sim) {
        long live = 0;
        long all = 0;
        for (int i = 0; i < sim.size(); i++) {
            if (sim.alive(i)) {
                for (String member : sim.node(i).members()) {
                    all++;
                    live += sim.alive(SimulatedAddresses.indexOf(member)) ? 1 : 0;
                }
            }
        }
        return all == 0 ? 0 : (double) live / all;
    }

    private static boolean everyLiveNodeInSomeView(GossipSimulation<MembershipProtocol> sim) {
        int[] inDegree = inDegrees(sim);
        for (int i = 0; i < sim.size(); i++) {
            if (sim.alive(i) && inDegree[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** How many live nodes' views name each node. */
    private static int[] inDegrees(GossipSimulation<MembershipProtocol> sim) {
        int[] inDegree = new int[sim.size()];
        for (int i = 0; i < sim.size(); i++) {
            if (sim.alive(i)) {
                sim.node(i).members().forEach(m -> inDegree[SimulatedAddresses.indexOf(m)]++);
            }
        }
        return inDegree;
    }

    private static long totalEntries(GossipSimulation<MembershipProtocol> sim) {
        long total = 0;
        for (int i = 0; i < sim.size(); i++) {
            total += sim.alive(i) ? sim.node(i).members().size() : 0;
        }
        return total;
    }

    private static double meanViewSize(GossipSimulation<MembershipProtocol> sim) {
        long alive = 0;
        for (int i = 0; i < sim.size(); i++) {
            alive += sim.alive(i) ? 1 : 0;
        }
        return (double) totalEntries(sim) / alive;
    }
}
