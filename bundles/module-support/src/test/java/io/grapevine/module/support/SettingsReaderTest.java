package io.grapevine.module.support;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SettingsReaderTest {

    @Test
    public void theFrameworkPropertyOverridesTheConfiguration() {
        SettingsReader reader = new SettingsReader("io.grapevine.x", Map.of("io.grapevine.x.size", " 12 ")::get);
        assertEquals(12, reader.number("size", 10, 30, 1, 1000));
        assertEquals(800, reader.number("interval.ms", 800, 5000, 10, 3_600_000));
        assertEquals(List.of(), reader.problems());
    }

    @Test
    public void aValueThatIsNotANumberInRangeGivesTheDefaultAndSaysSo() {
        SettingsReader reader = new SettingsReader("io.grapevine.x",
                Map.of("io.grapevine.x.interval.ms", "soon", "io.grapevine.x.age", "-1")::get);
        assertEquals(5000, reader.number("interval.ms", 5000, 5000, 10, 3_600_000));
        assertEquals(8, reader.number("age", 4, 8, 1, 1000));
        assertEquals(30, reader.number("size", 0, 30, 1, 1000));
        reader.problem("size and age do not fit");
        assertEquals(List.of("io.grapevine.x.interval.ms='soon' is not a number: ignored",
                "age=-1 is outside [1, 1000]; using 8", "size=0 is outside [1, 1000]; using 30",
                "size and age do not fit"), reader.problems());
    }
}
