package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.ModuleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bookkeeping of bringing this node to a configuration learned from peers: which jars are
 * missing, which source each is being fetched from and until when, which sources already failed
 * it. One jar is fetched from one source at a time; a source that failed a jar is asked again only
 * after every other source was, and after {@link #PASSES} passes over all of them the node gives up
 * (a later message teaches the configuration again). Pure bookkeeping, driven by {@link Node}.
 */
final class CatchUp {
    static final int PASSES = 2;

    private record Attempt(String source, long deadline) {
    }

    /** A fetch that ran out of time. */
    record Expired(ModuleEntry jar, String source) {
    }

    private Configuration target;
    private final List<String> tellers = new ArrayList<>();
    private final Map<String, ModuleEntry> missing = new LinkedHashMap<>();
    private final Map<String, Attempt> inFlight = new HashMap<>();
    private final Map<String, Set<String>> tried = new HashMap<>();
    private final Map<String, Integer> passes = new HashMap<>();
    private boolean exhausted;

    /** The configuration being caught up to, or null. */
    Configuration target() {
        return target;
    }

    /**
     * Catches up to {@code config} instead of whatever was under way (it is newer): jars both need
     * keep their fetch in flight and what was tried.
     */
    void begin(Configuration config, String teller, Set<String> held) {
        target = config;
        tellers.clear();
        if (teller != null) {
            tellers.add(teller);
        }
        missing.clear();
        for (ModuleEntry module : config.modules()) {
            if (!held.contains(module.sha256())) {
                missing.put(module.sha256(), module);
            }
        }
        inFlight.keySet().retainAll(missing.keySet());
        tried.keySet().retainAll(missing.keySet());
        passes.keySet().retainAll(missing.keySet());
        exhausted = false;
    }

    /** {@code peer} holds the target too: one more source. */
    void heardFrom(String peer) {
        if (target != null && !tellers.contains(peer)) {
            tellers.add(peer);
        }
    }

    /** The first peer that told of the target. */
    String teller() {
        return tellers.isEmpty() ? null : tellers.get(0);
    }

    boolean complete() {
        return target != null && missing.isEmpty();
    }

    /** True once some jar failed from every source {@link #PASSES} times. */
    boolean exhausted() {
        return exhausted;
    }

    /**
     * The fetches to start now: for every missing jar with none in flight, the next source not yet
     * tried (tellers first, then {@code others}).
     */
    List<Action.Fetch> plan(long now, List<String> others, Limits limits) {
        List<String> sources = new ArrayList<>(tellers);
        others.stream().filter(peer -> !sources.contains(peer)).forEach(sources::add);
        List<Action.Fetch> fetches = new ArrayList<>();
        for (ModuleEntry jar : missing.values()) {
            if (inFlight.containsKey(jar.sha256())) {
                continue;
            }
            Set<String> failed = tried.computeIfAbsent(jar.sha256(), k -> new HashSet<>());
            String next = sources.stream().filter(source -> !failed.contains(source)).findFirst().orElse(null);
            if (sources.isEmpty()) {
                continue; // no peer is known to hold it yet: one heard on the target is asked
            }
            if (next == null) {
                if (passes.merge(jar.sha256(), 1, Integer::sum) >= PASSES) {
                    exhausted = true;
                    continue;
                }
                failed.clear();
                next = sources.get(0);
            }
            long deadline = limits.fetchDeadline(now, jar.size());
            inFlight.put(jar.sha256(), new Attempt(next, deadline));
            fetches.add(new Action.Fetch(jar, next, deadline));
        }
        return fetches;
    }

    /** Jar {@code sha} is in the store now, from whichever attempt. */
    void fetched(String sha) {
        missing.remove(sha);
        inFlight.remove(sha);
    }

    /** Fetching {@code sha} from {@code source} failed; true if that was the attempt in flight. */
    boolean failed(String sha, String source) {
        Attempt attempt = inFlight.get(sha);
        if (attempt == null || !attempt.source().equals(source)) {
            return false;
        }
        inFlight.remove(sha);
        tried.computeIfAbsent(sha, k -> new HashSet<>()).add(source);
        return true;
    }

    /** The attempts past their deadline, now counted as failed. */
    List<Expired> expire(long now) {
        List<Expired> expired = new ArrayList<>();
        for (Map.Entry<String, Attempt> entry : new ArrayList<>(inFlight.entrySet())) {
            if (entry.getValue().deadline() <= now && missing.containsKey(entry.getKey())) {
                expired.add(new Expired(missing.get(entry.getKey()), entry.getValue().source()));
                failed(entry.getKey(), entry.getValue().source());
            }
        }
        return expired;
    }

    long nextDeadline() {
        return inFlight.values().stream().mapToLong(Attempt::deadline).min().orElse(Long.MAX_VALUE);
    }

    /** The jars the target still needs: kept in the store even before the target is adopted. */
    Set<String> wanted() {
        Set<String> jars = new HashSet<>();
        if (target != null) {
            target.modules().forEach(m -> jars.add(m.sha256()));
        }
        return jars;
    }

    void clear() {
        target = null;
        tellers.clear();
        missing.clear();
        inFlight.clear();
        tried.clear();
        passes.clear();
        exhausted = false;
    }
}
