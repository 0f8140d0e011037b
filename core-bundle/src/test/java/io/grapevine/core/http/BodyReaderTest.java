package io.grapevine.core.http;

import static org.junit.Assert.assertEquals;

import io.grapevine.core.telemetry.Metrics;
import java.util.Map;
import org.junit.Test;

public class BodyReaderTest {

    @Test
    public void aBodyGetsTheBasePlusItsLengthAtTheMinimumRate() {
        BodyReader bodies = new BodyReader(3000, 65536, new Metrics());
        long[][] lengthToMs = {{0, 3000}, {1, 3000}, {65536, 4000}, {100_000, 4525}, {256 * 1024, 7000},
            {64L << 20, 3000 + 1024_000}};
        for (long[] row : lengthToMs) {
            assertEquals("length " + row[0], row[1], bodies.deadlineMs(row[0]));
        }
    }

    @Test
    public void knobsComeFromFrameworkPropertiesAndBadValuesKeepTheDefaults() {
        Map<String, String> set = Map.of(BodyReader.BASE_MS, "1000", BodyReader.MIN_RATE, "1000");
        assertEquals(1000 + 5000, BodyReader.from(set::get, new Metrics()).deadlineMs(5000));
        Map<String, String> bad = Map.of(BodyReader.BASE_MS, "-1", BodyReader.MIN_RATE, "fast");
        assertEquals(3000 + 1000, BodyReader.from(bad::get, new Metrics()).deadlineMs(65536));
    }
}
