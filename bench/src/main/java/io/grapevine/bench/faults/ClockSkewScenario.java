package io.grapevine.bench.faults;

import io.grapevine.core.config.DeploymentNumber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Skewed clocks: node 1 a year ahead and node 2 a day behind (libfaketime), the others right.
 * Deployments and rollbacks are made in turn at right and skewed nodes; each must win, everywhere
 * it can, in the order it was made, and nothing may freeze. Run twice: with the default bounds
 * (10 min ahead, 30 days' validity), where both skews are beyond the bound, and with bounds that
 * cover them (400 days ahead, 800 days' validity).
 */
public final class ClockSkewScenario {
    static final int AHEAD = 1;
    static final int BEHIND = 2;
    public static final String WIDE = " -Dgrapevine.trust.max.ahead.ms=" + 400L * 86_400_000
            + " -Dgrapevine.deployment.validity.ms=" + 800L * 86_400_000;

    /** One change: made at node {@code at}, a jar to deploy or (when {@code jar} is null) a rollback to step {@code to}. */
    private record Step(int at, String jar, int to) {
        String what(int number) {
            return "step " + number + ": " + (jar != null ? "deploy " + jar : "rollback to step " + to) + " at node." + at
                    + (at == AHEAD ? " (a year ahead)" : at == BEHIND ? " (a day behind)" : "");
        }
    }

    /** The counter goes 1.0.0, 2.0.0, 1.0.0, ... so every step changes something; rollbacks go to changes made at right clocks. */
    private static final List<Step> STEPS = List.of(new Step(0, "counter-1.0.0.jar", 0),
            new Step(AHEAD, "counter-2.0.0.jar", 0), new Step(3, null, 0), new Step(BEHIND, "counter-2.0.0.jar", 0),
            new Step(0, null, 0), new Step(AHEAD, "counter-2.0.0.jar", 0), new Step(BEHIND, null, 4),
            new Step(4, "counter-2.0.0.jar", 0));

    private ClockSkewScenario() {
    }

    public static List<Outcome> run(Settings settings) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(phase(settings, "skewed clocks, default bounds", ""));
        outcomes.add(phase(settings, "skewed clocks, bounds over the skew", WIDE));
        return outcomes;
    }

    public static Outcome phase(Settings settings, String label, String javaOpts) throws Exception {
        int n = Math.max(4, settings.nodesOr(5));
        Duration wait = Duration.ofSeconds(settings.option("step-seconds", 40));
        Outcome outcome = new Outcome(label, n, "node.1 a year ahead, node.2 a day behind (libfaketime); "
                + STEPS.size() + " deployments and rollbacks made in turn at right and skewed nodes"
                + (javaOpts.isEmpty() ? "" : "; -Dgrapevine.trust.max.ahead.ms=400 d, deployment.validity.ms=800 d"));
        if (SkewedClock.library() == null) {
            outcome.fail("skipped: libfaketime is not installed (apt-get install faketime)");
            return outcome;
        }
        boolean wide = !javaOpts.isEmpty();
        try (FaultCluster cluster = FaultCluster.loopback(new FaultCluster.Plan(settings.home(), n, 1,
                FaultCluster.SMALL_JVM + javaOpts, i -> i == AHEAD ? SkewedClock.env("+365d")
                : i == BEHIND ? SkewedClock.env("-1d") : Map.of()))) {
            List<String> made = new ArrayList<>();
            int wonEverywhere = 0;
            int wonInBound = 0;
            int inBoundSteps = 0;
            for (int s = 0; s < STEPS.size(); s++) {
                Step step = STEPS.get(s);
                FaultNode at = cluster.get(step.at());
                String number;
                try {
                    number = step.jar() != null ? at.deploy(Bundles.example(settings.home(), step.jar()))
                            : at.rollback(made.get(step.to()) == null ? "1-0-none" : made.get(step.to()));
                } catch (Exception e) {
                    outcome.detail(step.what(s) + ": not made, the node answered: " + e.getMessage());
                    made.add(null);
                    continue;
                }
                boolean skewedMaker = step.at() == AHEAD || step.at() == BEHIND;
                // Beyond the bound a change made at a skewed node wins at no right node (it is refused
                // there, checked below): the order that counts is that of the changes that can win.
                String previous = null;
                for (int p = 0; p < made.size(); p++) {
                    if (made.get(p) != null && (wide || (STEPS.get(p).at() != AHEAD && STEPS.get(p).at() != BEHIND))) {
                        previous = made.get(p);
                    }
                }
                boolean ordered = skewedMaker && !wide || previous == null
                        || DeploymentNumber.parse(number).isAfter(DeploymentNumber.parse(previous));
                made.add(number);
                // Waits for the nodes the change can reach: all of them when the bounds cover the skew,
                // the right ones for a change made at a right clock, none for one made at a skewed clock.
                List<String> behind = wide ? waitFor(cluster, number, wait, node -> true)
                        : skewedMaker ? waitFor(cluster, number, Duration.ZERO, node -> true)
                        : waitFor(cluster, number, wait, node -> node.index() != AHEAD && node.index() != BEHIND);
                List<String> inBoundBehind = behind.stream().filter(b -> !b.startsWith("node." + AHEAD + " ")
                        && !b.startsWith("node." + BEHIND + " ")).toList();
                wonEverywhere += behind.isEmpty() ? 1 : 0;
                if (!skewedMaker) {
                    inBoundSteps++;
                    wonInBound += inBoundBehind.isEmpty() ? 1 : 0;
                }
                String line = step.what(s) + " made " + number + (ordered ? " (after the last)" : " (NOT after the last)")
                        + ": " + (behind.isEmpty() ? "runs on all " + n : "not on " + behind);
                if (wide) {
                    outcome.check(behind.isEmpty() && ordered, line);
                } else if (!skewedMaker) {
                    outcome.check(inBoundBehind.isEmpty() && ordered, line);
                } else {
                    outcome.detail(line);
                }
            }
            for (FaultNode node : cluster.nodes()) {
                outcome.detail(node.nodeId() + " refusals: tooFarAhead=" + node.metric(
                        "grapevine_refusals_total{reason=\"too-far-ahead\"}") + " expired="
                        + node.metric("grapevine_refusals_total{reason=\"expired\"}") + ", on " + node.deploymentOrNull());
            }
            if (!wide) {
                // The steps made at skewed nodes: each either won, or some node said why it did not.
                for (int s = 0; s < STEPS.size(); s++) {
                    Step step = STEPS.get(s);
                    if ((step.at() == AHEAD || step.at() == BEHIND) && made.get(s) != null) {
                        silentlyLost(cluster, made.get(s), step.what(s), outcome);
                    }
                }
            }
            outcome.figure(wide ? wonEverywhere + "/" + STEPS.size() + " changes won on every node in the order made"
                    : wonInBound + "/" + inBoundSteps + " changes made at right clocks won on every right node; "
                    + wonEverywhere + "/" + STEPS.size() + " on every node");
        } catch (Exception e) {
            outcome.fail("the scenario broke off: " + e);
        }
        return outcome;
    }

    /** A change that did not win: it must have been refused with a reason somewhere, not ignored as older. */
    private static void silentlyLost(FaultCluster cluster, String number, String what, Outcome outcome) throws Exception {
        int on = 0;
        int refusedWithReason = 0;
        for (FaultNode node : cluster.nodes()) {
            if (node.index() == AHEAD || node.index() == BEHIND) {
                continue;
            }
            boolean inHistory = false;
            for (var c : node.history()) {
                inHistory |= c.getAsJsonObject().get("deployment").getAsString().equals(number);
            }
            on += inHistory ? 1 : 0;
            refusedWithReason += node.events("refused").stream().anyMatch(e -> e.contains(number)) ? 1 : 0;
        }
        int right = cluster.size() - 2;
        outcome.check(on == right || refusedWithReason > 0, what + " (" + number + "): in the history of " + on + "/"
                + right + " right nodes, a refusal naming it in the events of " + refusedWithReason + "/" + right
                + (on < right && refusedWithReason == 0 ? ": lost without a word to anyone but its maker's 201" : ""));
    }

    /**
     * The nodes not running {@code deployment}, with what they run, once every node {@code awaited}
     * does or after {@code wait}.
     */
    private static List<String> waitFor(FaultCluster cluster, String deployment, Duration wait,
            java.util.function.Predicate<FaultNode> awaited) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> behind;
        do {
            behind = new ArrayList<>();
            boolean awaitedOn = true;
            for (FaultNode node : cluster.nodes()) {
                if (!node.runs(deployment)) {
                    behind.add(node.nodeId() + " (on " + node.deploymentOrNull() + ")");
                    awaitedOn &= !awaited.test(node);
                }
            }
            if (awaitedOn) {
                return behind;
            }
            Thread.sleep(250); // polling interval
        } while (System.nanoTime() < deadline);
        return behind;
    }
}
