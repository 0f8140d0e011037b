package io.grapevine.module.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a module's numeric settings: each from the component's configuration (Config Admin, PID
 * {@code pid}), overridden for a whole node by the framework property {@code <pid>.<key>} (e.g.
 * {@code JAVA_OPTS=-Dio.grapevine.membership.interval.ms=1000}). A value that is not a number in
 * range is ignored: the default applies and {@link #problems} says so, for the status page. An
 * operator's typo must never stop a module.
 */
public final class SettingsReader {
    private final String pid;
    private final Function<String, String> frameworkProperty;
    private final List<String> problems = new ArrayList<>();

    public SettingsReader(String pid, Function<String, String> frameworkProperty) {
        this.pid = pid;
        this.frameworkProperty = frameworkProperty;
    }

    /**
     * {@code key}'s value: the framework property if there is one, else {@code configured}; {@code
     * fallback} (the default) when that is outside [{@code min}, {@code max}].
     */
    public long number(String key, long configured, long fallback, long min, long max) {
        long value = configured;
        String text = frameworkProperty.apply(pid + "." + key);
        if (text != null && !text.isBlank()) {
            try {
                value = Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                problems.add(pid + "." + key + "='" + text + "' is not a number: ignored");
            }
        }
        if (value < min || value > max) {
            problems.add(key + "=" + value + " is outside [" + min + ", " + max + "]; using " + fallback);
            return fallback;
        }
        return value;
    }

    /** Notes what the module itself found wrong, such as two settings that do not fit together. */
    public void problem(String text) {
        problems.add(text);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
