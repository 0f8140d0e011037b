package io.grapevine.bench.faults;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a scenario runs with.
 *
 * @param home the assembled node ({@code distribution/target/grapevine})
 * @param nodes how many nodes (each scenario has its own default when 0)
 * @param seed every random choice of a scenario comes from this seed
 * @param plots folder for timeline plots, or null (the itests draw none)
 * @param options scenario-specific values ({@code --soak-minutes 30} gives {@code soak-minutes=30})
 */
public record Settings(Path home, int nodes, long seed, Path plots, Map<String, String> options) {
    /** Default core gossip interval; scenarios state their bounds in core intervals. */
    public static final long CORE_INTERVAL_MS = 10_000;

    public int nodesOr(int fallback) {
        return nodes > 0 ? nodes : fallback;
    }

    public long option(String key, long fallback) {
        String value = options.get(key);
        return value == null ? fallback : Long.parseLong(value);
    }
}
