package io.grapevine.cyclon;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.module.testkit.Configs;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SettingsTest {

    private static Settings from(Map<String, Object> config, Map<String, String> framework) {
        return Settings.from(Configs.of(CyclonModule.Config.class, config), framework::get);
    }

    @Test
    public void defaultsLiveInOnePlace() {
        assertEquals(Settings.defaults(), from(Map.of(), Map.of()));
        assertEquals(new Settings(5000, 20, 5, List.of()), Settings.defaults());
    }

    @Test
    public void frameworkPropertiesOverrideAndTheShuffleIsAtMostTheCache() {
        assertEquals(new Settings(700, 8, 3, List.of()), from(Map.of("cache.size", 10, "shuffle.length", 3),
                Map.of("io.grapevine.cyclon.interval.ms", "700", "io.grapevine.cyclon.cache.size", "8")));
        Settings clipped = from(Map.of("cache.size", 4, "shuffle.length", 9), Map.of());
        assertEquals(4, clipped.shuffleLength());
        assertTrue(clipped.problems().get(0).contains("over cache.size"));
    }
}
