package io.grapevine.itest;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.grapevine.bench.faults.ClockSkewScenario;
import io.grapevine.bench.faults.Outcome;
import io.grapevine.bench.faults.Settings;
import io.grapevine.bench.faults.SkewedClock;
import io.grapevine.itest.support.Distribution;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The fault suite's skewed clocks on 5 real nodes (bench's {@code ClockSkewScenario}): node 1 a
 * year ahead and node 2 a day behind through libfaketime (installed by the build where it can be,
 * as Chromium is; skipped with a message where it is not there). Deployments and rollbacks made in
 * turn at right and skewed nodes, with the default bounds and with bounds that cover the skew.
 */
public class SkewedClockTest {
    private static Outcome defaults;
    private static Outcome wide;

    @BeforeClass
    public static void runTheScenario() throws Exception {
        assumeTrue("SkewedClockTest SKIPPED: libfaketime is not installed (apt-get install faketime)",
                SkewedClock.library() != null);
        Settings settings = new Settings(Distribution.home(), 5, 42, null, Map.of("step-seconds", "20"));
        defaults = ClockSkewScenario.phase(settings, "skewed clocks, default bounds", "");
        System.out.println(defaults.summary());
        wide = ClockSkewScenario.phase(settings, "skewed clocks, bounds over the skew", ClockSkewScenario.WIDE);
        System.out.println(wide.summary());
    }

    @Test
    public void withBoundsOverTheSkewEveryChangeWinsEverywhereInTheOrderMade() {
        assertTrue(wide.summary(), wide.passed());
    }

    @Test
    public void beyondTheBoundTheRightNodesNeverFreezeAndEveryChangeEitherWinsOrIsRefusedWithAReason() {
        assertTrue(defaults.summary(), defaults.passed());
    }
}
