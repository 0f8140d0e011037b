package io.grapevine.membership;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.module.testkit.Configs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SettingsTest {

    private static Settings from(Map<String, Object> config, Map<String, String> framework) {
        return Settings.from(Configs.of(MembershipModule.Config.class, config), framework::get);
    }

    @Test
    public void defaultsAreThePapersAndLiveInOnePlace() {
        Settings settings = from(Map.of(), Map.of());
        assertEquals(Settings.defaults(), settings);
        assertEquals(5000, settings.intervalMs());
        assertEquals(30, settings.viewSize());
        assertEquals(Duration.ofSeconds(2), settings.exchangeTimeout());
    }

    @Test
    public void configurationThenFrameworkPropertiesOverride() {
        Settings settings = from(Map.of("interval.ms", 800L, "view.size", 10),
                Map.of("io.grapevine.membership.view.size", "12", "io.grapevine.membership.max.age", " 5 "));
        assertEquals(new Settings(800, 12, 5, List.of()), settings);
        assertEquals(Duration.ofMillis(800), settings.exchangeTimeout());
    }

    @Test
    public void badValuesFallBackToTheDefaultAndSaySo() {
        Settings settings = from(Map.of("view.size", 0),
                Map.of("io.grapevine.membership.interval.ms", "soon", "io.grapevine.membership.max.age", "-1"));
        assertEquals(Settings.INTERVAL_MS, settings.intervalMs());
        assertEquals(Settings.VIEW_SIZE, settings.viewSize());
        assertEquals(Settings.MAX_AGE, settings.maxAge());
        assertEquals(3, settings.problems().size());
        assertTrue(settings.problems().get(0), settings.problems().get(0).contains("'soon' is not a number"));
    }
}
