package io.grapevine.cyclon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * CYCLON (Voulgaris, Gavidia, van Steen, J. Network Syst. Manage. 2005; the "Art" paper's
 * Algorithm 8), free of I/O and of the clock. Each node keeps a cache of at most {@code c}
 * neighbours with ages. Every round it ages them all, removes the oldest neighbour Q, and sends Q
 * {@code l - 1} other random neighbours plus itself at age 0; Q answers with {@code l} random
 * neighbours of its own. Both sides then take in what they received, skipping themselves and
 * neighbours they have, into empty slots first, else in place of entries they sent. A neighbour
 * that does not answer is gone already (it was removed when picked), so dead links vanish as soon
 * as they are the oldest, and every node's in-degree stays close to c.
 *
 * <p>Callers pass {@code now} (ms, any fixed origin) and what arrived, send what {@link #tick}
 * returns and call it again at {@link #nextWakeup()}. Randomness comes from the given
 * {@link Random} only. Not thread-safe: the driver serializes calls.
 */
public final class CyclonProtocol {

    /** Send {@code subset} to {@code peer}; hand its answer to {@link #replied}, or report {@link #failed}. */
    public record Outgoing(String peer, List<Entry> subset) {
    }

    private final String self;
    private final Settings settings;
    private final Random random;
    /** neighbour → age in rounds; never {@code self}, at most {@code cacheSize}. */
    private final Map<String, Integer> cache = new LinkedHashMap<>();
    /** peer shuffled with this round → the neighbours we sent it, which its answer may replace. */
    private final Map<String, List<String>> pending = new LinkedHashMap<>();
    private long nextRoundAt;

    public CyclonProtocol(String self, Settings settings, Random random, long now, List<Entry> restored) {
        this.self = self;
        this.settings = settings;
        this.random = random;
        take(restored, List.of());
        this.nextRoundAt = now + (long) (random.nextDouble() * settings.intervalMs());
    }

    /** Fills an empty cache from {@code hints} (the core's peers). */
    public void bootstrap(List<String> hints) {
        if (cache.isEmpty()) {
            take(hints.stream().map(hint -> new Entry(hint, 0)).toList(), List.of());
        }
    }

    /** A shuffle, when one is due, with the oldest neighbour. */
    public Optional<Outgoing> tick(long now, List<String> hints) {
        if (now < nextRoundAt) {
            return Optional.empty();
        }
        nextRoundAt = Math.max(nextRoundAt + settings.intervalMs(), now + 1);
        pending.clear(); // answers come within the time-out, shorter than a round
        bootstrap(hints);
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        cache.replaceAll((member, age) -> age + 1);
        String oldest = oldest();
        cache.remove(oldest);
        List<String> others = randomMembers(settings.shuffleLength() - 1, null);
        List<Entry> subset = new ArrayList<>();
        subset.add(new Entry(self, 0));
        others.forEach(member -> subset.add(new Entry(member, cache.get(member))));
        pending.put(oldest, others);
        return Optional.of(new Outgoing(oldest, subset));
    }

    public long nextWakeup() {
        return nextRoundAt;
    }

    /** A shuffle from {@code from} arrived; returns our answer, {@code l} random neighbours. */
    public List<Entry> receive(String from, List<Entry> incoming) {
        List<String> chosen = randomMembers(settings.shuffleLength(), from);
        List<Entry> answer = chosen.stream().map(member -> new Entry(member, cache.get(member))).toList();
        take(incoming, chosen);
        return answer;
    }

    /** {@code peer} answered our shuffle. */
    public void replied(String peer, List<Entry> answer) {
        List<String> sent = pending.remove(peer);
        take(answer, sent == null ? List.of() : sent);
    }

    /** {@code peer} did not answer: it left the cache when it was picked, and stays out. */
    public void failed(String peer) {
        pending.remove(peer);
    }

    public List<String> members() {
        return List.copyOf(cache.keySet());
    }

    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        cache.forEach((member, age) -> entries.add(new Entry(member, age)));
        return entries;
    }

    /** Takes in {@code received}: into free slots first, else in place of the entries in {@code sent}. */
    private void take(List<Entry> received, List<String> sent) {
        List<String> replaceable = new ArrayList<>(sent);
        for (Entry entry : received) {
            if (entry.member().equals(self) || cache.containsKey(entry.member())) {
                continue;
            }
            if (cache.size() >= settings.cacheSize()) {
                String out = null;
                while (out == null && !replaceable.isEmpty()) {
                    String candidate = replaceable.remove(0);
                    out = cache.containsKey(candidate) ? candidate : null;
                }
                if (out == null) {
                    continue;
                }
                cache.remove(out);
            }
            cache.put(entry.member(), entry.age());
        }
    }

    /** The neighbour of greatest age; ties go to a random one of them. */
    private String oldest() {
        int max = Collections.max(cache.values());
        List<String> oldest = cache.entrySet().stream().filter(e -> e.getValue() == max).map(Map.Entry::getKey)
                .toList();
        return oldest.get(random.nextInt(oldest.size()));
    }

    /** Up to {@code count} distinct random neighbours, never {@code except}. */
    private List<String> randomMembers(int count, String except) {
        List<String> members = new ArrayList<>(cache.keySet());
        members.remove(except);
        Collections.shuffle(members, random);
        return List.copyOf(members.subList(0, Math.min(count, members.size())));
    }
}
