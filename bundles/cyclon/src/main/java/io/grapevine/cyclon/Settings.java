package io.grapevine.cyclon;

import io.grapevine.module.support.SettingsReader;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The knobs of CYCLON, with every default in this one place. Each is read from the component's
 * configuration (Config Admin, PID {@value #PID}) and may be overridden for a whole node by the
 * framework property {@code io.grapevine.cyclon.<key>} (e.g. {@code
 * JAVA_OPTS=-Dio.grapevine.cyclon.cache.size=30}). A value that is not a number in range is
 * ignored: the default applies and {@link #problems} says so (shown by {@code GET /status}).
 *
 * @param intervalMs {@value #KEY_INTERVAL} (default {@value #INTERVAL_MS}): one shuffle initiated
 *     per node per round; every node also answers about one, so a node handles about 2 messages of
 *     {@code shuffleLength} lines per interval. Shorter rounds mix the overlay and drop dead
 *     neighbours sooner at proportionally more traffic.
 * @param cacheSize {@value #KEY_CACHE_SIZE} (default {@value #CACHE_SIZE}, the paper's c): the
 *     neighbours kept. CYCLON keeps every node's in-degree close to c (out-degree is exactly c once
 *     the cache fills), and the overlay stays connected with high probability for c well above
 *     {@code ln N}; a larger cache costs memory only, not bytes per message.
 * @param shuffleLength {@value #KEY_SHUFFLE_LENGTH} (default {@value #SHUFFLE_LENGTH}, the paper's
 *     l): entries swapped per shuffle, at most the cache size. Larger mixes the overlay faster
 *     (a cache is renewed in about {@code c / l} rounds) at {@code l} lines per message.
 */
public record Settings(long intervalMs, int cacheSize, int shuffleLength, List<String> problems) {
    public static final String PID = "io.grapevine.cyclon";
    public static final String KEY_INTERVAL = "interval.ms";
    public static final String KEY_CACHE_SIZE = "cache.size";
    public static final String KEY_SHUFFLE_LENGTH = "shuffle.length";

    public static final long INTERVAL_MS = 5000;
    public static final int CACHE_SIZE = 20;
    public static final int SHUFFLE_LENGTH = 5;

    /** A shuffle not answered within this is a failure: one interval, at most 2 s. */
    public static final long MAX_EXCHANGE_TIMEOUT_MS = 2000;

    public Settings {
        problems = List.copyOf(problems);
    }

    public static Settings defaults() {
        return new Settings(INTERVAL_MS, CACHE_SIZE, SHUFFLE_LENGTH, List.of());
    }

    /** How long to wait for a peer's answer: {@code min(interval, 2 s)}. */
    public Duration exchangeTimeout() {
        return Duration.ofMillis(Math.min(intervalMs, MAX_EXCHANGE_TIMEOUT_MS));
    }

    /**
     * The settings of {@code config} (Config Admin or the annotation's defaults), each overridden by
     * the framework property {@code <PID>.<key>} when {@code frameworkProperty} has one.
     */
    public static Settings from(CyclonModule.Config config, Function<String, String> frameworkProperty) {
        SettingsReader reader = new SettingsReader(PID, frameworkProperty);
        long interval = reader.number(KEY_INTERVAL, config.interval_ms(), INTERVAL_MS, 10, 3_600_000);
        long cache = reader.number(KEY_CACHE_SIZE, config.cache_size(), CACHE_SIZE, 1, 1000);
        long shuffle = reader.number(KEY_SHUFFLE_LENGTH, config.shuffle_length(), SHUFFLE_LENGTH, 1, 1000);
        if (shuffle > cache) {
            reader.problem(KEY_SHUFFLE_LENGTH + "=" + shuffle + " is over " + KEY_CACHE_SIZE + "; using " + cache);
            shuffle = cache;
        }
        return new Settings(interval, (int) cache, (int) shuffle, reader.problems());
    }
}
