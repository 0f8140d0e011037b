package io.grapevine.itest;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.grapevine.bench.faults.DiskScenario;
import io.grapevine.bench.faults.Outcome;
import io.grapevine.bench.faults.Settings;
import io.grapevine.itest.support.Distribution;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The fault suite's disk faults on 3 real nodes (bench's {@code DiskScenario}): a truncated
 * history.json, a corrupted jar in the store, a disk full during a fetch (a tmpfs; skipped where
 * it cannot be mounted).
 */
public class DiskFaultsTest {
    private static List<Outcome> outcomes;

    @BeforeClass
    public static void runTheScenario() throws Exception {
        outcomes = DiskScenario.run(new Settings(Distribution.home(), 3, 42, null, Map.of()));
        outcomes.forEach(o -> System.out.println(o.summary()));
    }

    @Test
    public void aTruncatedHistoryStopsTheNodeWithOneLineKeepsTheFileAsideAndTheNextStartCatchesUp() {
        Outcome history = outcomes.get(0);
        assertTrue(history.summary(), history.passed());
    }

    @Test
    public void aCorruptedJarIsNeverServedOrInstalledAndIsRepairedFromAPeerWhileRunningAndAtARestart() {
        Outcome jar = outcomes.get(1);
        assertTrue(jar.summary(), jar.passed());
    }

    @Test
    public void aFullDiskDuringAFetchIsReportedTheNodeRunsOnAndRepairsOnceThereIsRoom() {
        Outcome full = outcomes.get(2);
        assumeTrue(full.summary(), full.failures().stream().noneMatch(f -> f.startsWith("skipped:")));
        assertTrue(full.summary(), full.passed());
    }
}
