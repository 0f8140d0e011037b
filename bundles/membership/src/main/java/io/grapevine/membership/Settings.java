package io.grapevine.membership;

import io.grapevine.module.support.SettingsReader;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The knobs of the membership protocol, with every default in this one place. Each is read from
 * the component's configuration (Config Admin, PID {@value #PID}) and may be overridden for a whole
 * node by the framework property {@code io.grapevine.membership.<key>} (e.g. {@code JAVA_OPTS=
 * -Dio.grapevine.membership.interval.ms=1000}). A value that is not a number in range is ignored:
 * the default applies and {@link #problems} says so (shown by {@code GET /status}).
 *
 * @param intervalMs {@value #KEY_INTERVAL} (default {@value #INTERVAL_MS}): one round, one exchange
 *     initiated per node. Every node also answers about one exchange per round, so a node handles
 *     about 2 messages per interval of at most {@code viewSize + 1} lines each. Shorter rounds
 *     spread joins and drop dead members sooner, at proportionally more traffic.
 * @param viewSize {@value #KEY_VIEW_SIZE} (default {@value #VIEW_SIZE}, the paper's): members kept
 *     in the view and sent in each message. A view of {@code c} members in a cluster of {@code N}
 *     gives each node in-degree about {@code c} and the overlay stays connected with high
 *     probability for {@code c} well above {@code ln N} (30 covers clusters far beyond 10^6 by
 *     that bound); larger views cost bytes per message and make the view churn less.
 * @param maxAge {@value #KEY_MAX_AGE} (default {@value #MAX_AGE}): rounds an entry may go without
 *     fresher news from its member before it leaves the view. A live member renews its own entry
 *     (age 0) in every message it sends, so in steady state the freshest copy of a live member is a
 *     few rounds old (its news spreads in about {@code log N} rounds); a crashed member's entries
 *     only age, so it leaves every view within {@code maxAge + 1} rounds. Smaller: dead members go
 *     sooner, but a live member whose news is slow (a lossy link, a large cluster) may drop out of
 *     views and come back (left/joined upcalls for nothing). Keep it above {@code log2 N}.
 */
public record Settings(long intervalMs, int viewSize, int maxAge, List<String> problems) {
    public static final String PID = "io.grapevine.membership";
    public static final String KEY_INTERVAL = "interval.ms";
    public static final String KEY_VIEW_SIZE = "view.size";
    public static final String KEY_MAX_AGE = "max.age";

    public static final long INTERVAL_MS = 5000;
    public static final int VIEW_SIZE = 30;
    public static final int MAX_AGE = 8;

    /** An exchange not answered within this is a failure: one interval, at most 2 s. */
    public static final long MAX_EXCHANGE_TIMEOUT_MS = 2000;

    public Settings {
        problems = List.copyOf(problems);
    }

    public static Settings defaults() {
        return new Settings(INTERVAL_MS, VIEW_SIZE, MAX_AGE, List.of());
    }

    /** How long to wait for a peer's answer: {@code min(interval, 2 s)}. */
    public Duration exchangeTimeout() {
        return Duration.ofMillis(Math.min(intervalMs, MAX_EXCHANGE_TIMEOUT_MS));
    }

    /**
     * The settings of {@code config} (Config Admin or the annotation's defaults), each overridden by
     * the framework property {@code <PID>.<key>} when {@code frameworkProperty} has one.
     */
    public static Settings from(MembershipModule.Config config, Function<String, String> frameworkProperty) {
        SettingsReader reader = new SettingsReader(PID, frameworkProperty);
        long interval = reader.number(KEY_INTERVAL, config.interval_ms(), INTERVAL_MS, 10, 3_600_000);
        long view = reader.number(KEY_VIEW_SIZE, config.view_size(), VIEW_SIZE, 1, 1000);
        long age = reader.number(KEY_MAX_AGE, config.max_age(), MAX_AGE, 1, 1000);
        return new Settings(interval, (int) view, (int) age, reader.problems());
    }
}
