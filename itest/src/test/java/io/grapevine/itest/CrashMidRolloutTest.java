package io.grapevine.itest;

import static org.junit.Assert.assertTrue;

import io.grapevine.bench.faults.CrashScenario;
import io.grapevine.bench.faults.Outcome;
import io.grapevine.bench.faults.Settings;
import io.grapevine.itest.support.Distribution;
import java.util.Map;
import org.junit.Test;

/**
 * The fault suite's crash scenario at CI's size (bench's {@code CrashScenario}, one copy of it):
 * 2 of 6 nodes SIGKILLed at seeded random moments while a deployment spreads, restarted 5–30 s
 * later. Survivors converge, each restarted node within 2 core intervals of answering again, no
 * store is corrupt, every roster shows every node alive.
 */
public class CrashMidRolloutTest {
    @Test
    public void nodesKilledMidRolloutComeBackOnTheNewDeploymentWithWholeStores() throws Exception {
        Outcome outcome = CrashScenario.run(new Settings(Distribution.home(), 6, 42, null, Map.of()));
        System.out.println(outcome.summary());
        assertTrue(outcome.summary(), outcome.passed());
    }
}
