package io.grapevine.failuredetector;

import io.grapevine.module.support.SettingsReader;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The knobs of the failure detector, with every default in this one place. Each is read from the
 * component's configuration (Config Admin, PID {@value #PID}) and may be overridden for a whole
 * node by the framework property {@code io.grapevine.failuredetector.<key>} (e.g. {@code
 * JAVA_OPTS=-Dio.grapevine.failuredetector.fail.ms=3000}). A value that is not a number in range is
 * ignored: the default applies and {@link #problems} says so (shown by {@code GET /status}).
 *
 * @param intervalMs {@value #KEY_INTERVAL} (default {@value #INTERVAL_MS}): T_gossip, the heartbeat
 *     period. Each round a node raises its own counter by one and exchanges its table (one line per
 *     member it does not suspect) with one random peer, so each node handles about 2 messages of up
 *     to N lines per interval. Shorter rounds detect sooner at proportionally more traffic.
 * @param failMs {@value #KEY_FAIL} (default {@value #FAIL_MS}): T_fail, how long a member's counter
 *     may go without rising before the member is suspected; it is no longer suspected as soon as its
 *     counter rises again. A crashed member is suspected by every node within {@code failMs + S}
 *     of its crash, where S is how stale the freshest news of it was then: gossip spreads a
 *     counter to N nodes in about {@code log2 N + ln N} rounds, less with push-pull. A live member
 *     is wrongly suspected when news of it takes longer than {@code failMs} to arrive, so keep
 *     {@code failMs} several times {@code intervalMs * log2 N} (van Renesse et al. choose it for a
 *     target mistake probability; the default, 15 rounds of 1 s, made no mistake in the 100-node
 *     lossless simulation, whose worst staleness of news of a live member was 8.2 rounds).
 */
public record Settings(long intervalMs, long failMs, List<String> problems) {
    public static final String PID = "io.grapevine.failuredetector";
    public static final String KEY_INTERVAL = "interval.ms";
    public static final String KEY_FAIL = "fail.ms";

    public static final long INTERVAL_MS = 1000;
    public static final long FAIL_MS = 15_000;

    /** An exchange not answered within this is a failure: one interval, at most 2 s. */
    public static final long MAX_EXCHANGE_TIMEOUT_MS = 2000;

    public Settings {
        problems = List.copyOf(problems);
    }

    public static Settings defaults() {
        return new Settings(INTERVAL_MS, FAIL_MS, List.of());
    }

    /** How long to wait for a peer's answer: {@code min(interval, 2 s)}. */
    public Duration exchangeTimeout() {
        return Duration.ofMillis(Math.min(intervalMs, MAX_EXCHANGE_TIMEOUT_MS));
    }

    /**
     * The settings of {@code config} (Config Admin or the annotation's defaults), each overridden by
     * the framework property {@code <PID>.<key>} when {@code frameworkProperty} has one.
     */
    public static Settings from(FailureDetectorModule.Config config, Function<String, String> frameworkProperty) {
        SettingsReader reader = new SettingsReader(PID, frameworkProperty);
        long interval = reader.number(KEY_INTERVAL, config.interval_ms(), INTERVAL_MS, 10, 3_600_000);
        long fail = reader.number(KEY_FAIL, config.fail_ms(), FAIL_MS, 20, 86_400_000);
        if (fail < 2 * interval) {
            reader.problem(KEY_FAIL + "=" + fail + " is under two intervals (" + 2 * interval + "): every member would"
                    + " be suspected between heartbeats; using " + Math.max(FAIL_MS, 10 * interval));
            fail = Math.max(FAIL_MS, 10 * interval);
        }
        return new Settings(interval, fail, reader.problems());
    }
}
