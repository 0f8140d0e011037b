package io.grapevine.failuredetector;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.module.testkit.Configs;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SettingsTest {

    private static Settings from(Map<String, Object> config, Map<String, String> framework) {
        return Settings.from(Configs.of(FailureDetectorModule.Config.class, config), framework::get);
    }

    @Test
    public void defaultsLiveInOnePlace() {
        assertEquals(Settings.defaults(), from(Map.of(), Map.of()));
        assertEquals(new Settings(1000, 15_000, List.of()), Settings.defaults());
    }

    @Test
    public void frameworkPropertiesOverrideTheConfiguration() {
        assertEquals(new Settings(250, 3000, List.of()), from(Map.of("interval.ms", 500L),
                Map.of("io.grapevine.failuredetector.interval.ms", "250", "io.grapevine.failuredetector.fail.ms",
                        "3000")));
    }

    @Test
    public void aFailTimeUnderTwoIntervalsIsRefused() {
        Settings settings = from(Map.of("interval.ms", 1000L, "fail.ms", 1500L), Map.of());
        assertEquals(Settings.FAIL_MS, settings.failMs());
        assertTrue(settings.problems().get(0), settings.problems().get(0).contains("under two intervals"));
        Settings slow = from(Map.of("interval.ms", 2000L, "fail.ms", 3000L), Map.of());
        assertEquals(20_000, slow.failMs());
    }

    @Test
    public void garbageFallsBackToTheDefault() {
        Settings settings = from(Map.of(), Map.of("io.grapevine.failuredetector.interval.ms", "fast",
                "io.grapevine.failuredetector.fail.ms", "0"));
        assertEquals(Settings.defaults().intervalMs(), settings.intervalMs());
        assertEquals(Settings.defaults().failMs(), settings.failMs());
        assertEquals(2, settings.problems().size());
    }
}
