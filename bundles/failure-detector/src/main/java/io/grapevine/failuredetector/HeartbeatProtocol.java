package io.grapevine.failuredetector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Gossip-style failure detection (van Renesse, Minsky, Hayden, Middleware 1998), free of I/O and of
 * the clock. Every member keeps a heartbeat counter; each round a node raises its own and exchanges
 * its table with one random peer (push-pull), each side keeping the higher counter of every member
 * and noting when it last rose. A member whose counter has not risen for {@code failMs} is
 * suspected, and is no longer the moment it rises again. Suspected members are not gossiped, so
 * their stale counters die out; they stay in the table (so a stale counter cannot pass for news)
 * until they recover or the table is full ({@value #MAX_MEMBERS} members: then the one suspected
 * longest makes room).
 *
 * <p>Callers pass {@code now} (ms, any fixed origin), the candidates to gossip with and what
 * arrived; they send what {@link #tick} returns, call it again at {@link #nextWakeup()} (the next
 * round or the next suspicion, whichever is first) and read suspicions with {@link #pollChanges()}.
 * Randomness comes from the given {@link Random} only. Not thread-safe: the driver serializes calls.
 */
public final class HeartbeatProtocol {
    static final int MAX_MEMBERS = HeartbeatCodec.MAX_ENTRIES;

    /** Send {@code table} to {@code peer}; hand its answer to {@link #replied}. */
    public record Outgoing(String peer, List<Heartbeat> table) {
    }

    /** A member became suspected ({@code suspected}) or recovered. */
    public record Change(String member, boolean suspected) {
    }

    /** What this node knows of one member: its counter, when that last rose, whether suspected. */
    public record Member(String member, long counter, long roseAt, boolean suspected) {
    }

    private final String self;
    private final Settings settings;
    private final Random random;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();
    private long counter;
    private long nextRoundAt;

    /**
     * @param firstCounter this node's starting heartbeat; above every counter of a previous life of
     *     this node (the module passes the wall clock in ms, which outruns one rise per round)
     * @param live, suspected a previous version's table: live members count as just heard, so
     *     nobody is suspected for the hand-over's pause
     */
    public HeartbeatProtocol(String self, Settings settings, Random random, long now, long firstCounter,
            List<Heartbeat> live, List<Heartbeat> suspected) {
        this.self = self;
        this.settings = settings;
        this.random = random;
        this.counter = firstCounter;
        live.forEach(h -> add(h, now, false));
        suspected.forEach(h -> add(h, now, true));
        this.nextRoundAt = now + (long) (random.nextDouble() * settings.intervalMs());
    }

    /**
     * Suspects the members silent for too long and, when a round is due, raises this node's counter
     * and returns the exchange to make: with a random one of {@code candidates} (asked only then: a
     * peer sampling service's or the core's peers), else with a random member not suspected.
     */
    public Optional<Outgoing> tick(long now, Supplier<List<String>> candidates) {
        suspectSilent(now);
        if (now < nextRoundAt) {
            return Optional.empty();
        }
        nextRoundAt = Math.max(nextRoundAt + settings.intervalMs(), now + 1);
        counter++;
        List<String> targets = candidates.get().stream().filter(c -> !c.equals(self)).distinct().toList();
        if (targets.isEmpty()) {
            targets = members.values().stream().filter(m -> !m.suspected()).map(Member::member).toList();
        }
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Outgoing(targets.get(random.nextInt(targets.size())), message()));
    }

    /** The next round or the next suspicion, whichever comes first. */
    public long nextWakeup() {
        long wakeup = nextRoundAt;
        for (Member member : members.values()) {
            if (!member.suspected()) {
                wakeup = Math.min(wakeup, member.roseAt() + settings.failMs());
            }
        }
        return wakeup;
    }

    /** A peer's table arrived; returns ours, merged with it (so both sides end up equal). */
    public List<Heartbeat> receive(long now, List<Heartbeat> incoming) {
        merge(now, incoming);
        return message();
    }

    /** A peer answered our {@link Outgoing}. */
    public void replied(long now, List<Heartbeat> answer) {
        merge(now, answer);
    }

    public List<Change> pollChanges() {
        List<Change> polled = List.copyOf(changes);
        changes.clear();
        return polled;
    }

    public Set<String> suspected() {
        Set<String> suspected = new LinkedHashSet<>();
        members.values().stream().filter(Member::suspected).forEach(m -> suspected.add(m.member()));
        return suspected;
    }

    public List<Member> members() {
        return List.copyOf(members.values());
    }

    public long counter() {
        return counter;
    }

    /** This node's counter, then every member it does not suspect. */
    private List<Heartbeat> message() {
        List<Heartbeat> message = new ArrayList<>();
        message.add(new Heartbeat(self, counter));
        members.values().stream().filter(m -> !m.suspected())
                .forEach(m -> message.add(new Heartbeat(m.member(), m.counter())));
        return message;
    }

    private void merge(long now, List<Heartbeat> incoming) {
        suspectSilent(now);
        for (Heartbeat heartbeat : incoming) {
            Member known = members.get(heartbeat.member());
            if (heartbeat.member().equals(self)) {
                continue;
            }
            if (known == null) {
                add(heartbeat, now, false);
            } else if (heartbeat.counter() > known.counter()) {
                members.put(known.member(), new Member(known.member(), heartbeat.counter(), now, false));
                if (known.suspected()) {
                    changes.add(new Change(known.member(), false));
                }
            }
        }
    }

    private void add(Heartbeat heartbeat, long now, boolean suspected) {
        if (heartbeat.member().equals(self) || members.containsKey(heartbeat.member())) {
            return;
        }
        if (members.size() >= MAX_MEMBERS && !evictLongestSuspected()) {
            return;
        }
        members.put(heartbeat.member(), new Member(heartbeat.member(), heartbeat.counter(), now, suspected));
    }

    private boolean evictLongestSuspected() {
        Member oldest = null;
        for (Member member : members.values()) {
            if (member.suspected() && (oldest == null || member.roseAt() < oldest.roseAt())) {
                oldest = member;
            }
        }
        if (oldest == null) {
            return false;
        }
        members.remove(oldest.member());
        return true;
    }

    private void suspectSilent(long now) {
        for (Member member : new ArrayList<>(members.values())) {
            if (!member.suspected() && now - member.roseAt() >= settings.failMs()) {
                members.put(member.member(), new Member(member.member(), member.counter(), member.roseAt(), true));
                changes.add(new Change(member.member(), true));
            }
        }
    }
}
