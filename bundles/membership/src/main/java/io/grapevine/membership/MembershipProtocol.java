package io.grapevine.membership;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The membership protocol of the paper's evaluation (section 4), free of I/O and of the clock:
 * every round a node sends its view of up to {@code viewSize} members, plus itself
 * (self-reinforcement), to a random member; the receiver answers with its own view and itself
 * (push-pull); each side merges by taking the union and keeping {@code viewSize} of it at random.
 *
 * <p>Each entry carries an age in rounds, and the union keeps the youngest copy of a member. A live
 * member vouches for itself at age 0 in every message it sends; a crashed one never does again, so
 * its copies only age and every view drops it after {@code maxAge} rounds, without which a dead
 * member would stay in small clusters forever. A member that fails to answer leaves the view at
 * once, and copies of it that are older than the failure are not taken back; fresher news (a
 * restarted node) is.
 *
 * <p>Callers pass {@code now} (ms, any fixed origin) and what arrived, send what {@link #tick}
 * returns, call {@link #tick} again at {@link #nextWakeup()}, and read the view's changes with
 * {@link #pollChanges()}. Randomness comes from the given {@link Random} only, so a seed fixes a
 * run. Not thread-safe: the driver serializes calls.
 */
public final class MembershipProtocol {

    /** Send {@code view} to {@code peer}; hand its answer to {@link #replied}, or report {@link #failed}. */
    public record Outgoing(String peer, List<Entry> view) {
    }

    /** A member joined ({@code joined}) or left the view. */
    public record Change(String member, boolean joined) {
    }

    private final String self;
    private final Settings settings;
    private final Random random;
    /** member → age in rounds; never {@code self}, at most {@code viewSize} after every step. */
    private final Map<String, Integer> view = new LinkedHashMap<>();
    /** member → rounds since it failed to answer; only news a round younger than that brings it back. */
    private final Map<String, Integer> quarantine = new LinkedHashMap<>();
    private Set<String> announced = new LinkedHashSet<>();
    private final List<Change> changes = new ArrayList<>();
    private long nextRoundAt;

    /**
     * @param restored a previous version's view (its announced members are not announced again)
     */
    public MembershipProtocol(String self, Settings settings, Random random, long now, List<Entry> restored) {
        this.self = self;
        this.settings = settings;
        this.random = random;
        merge(restored, 0);
        announced = new LinkedHashSet<>(view.keySet());
        // A random phase, so that nodes started together do not gossip in lockstep.
        this.nextRoundAt = now + (long) (random.nextDouble() * settings.intervalMs());
    }

    /** Fills an empty view from {@code hints} (the core's peers), as fresh entries. */
    public void bootstrap(List<String> hints) {
        if (view.isEmpty()) {
            merge(hints.stream().map(hint -> new Entry(hint, 0)).toList(), 0);
            noteChanges();
        }
    }

    /** A round, when one is due: ages the view and returns the exchange to make, if any. */
    public Optional<Outgoing> tick(long now, List<String> hints) {
        if (now < nextRoundAt) {
            return Optional.empty();
        }
        nextRoundAt = Math.max(nextRoundAt + settings.intervalMs(), now + 1);
        view.replaceAll((member, age) -> age + 1);
        view.values().removeIf(age -> age > settings.maxAge());
        quarantine.replaceAll((member, rounds) -> rounds + 1);
        quarantine.values().removeIf(rounds -> rounds > settings.maxAge());
        bootstrap(hints);
        noteChanges();
        if (view.isEmpty()) {
            return Optional.empty();
        }
        List<String> members = new ArrayList<>(view.keySet());
        return Optional.of(new Outgoing(members.get(random.nextInt(members.size())), message()));
    }

    public long nextWakeup() {
        return nextRoundAt;
    }

    /** A peer's view arrived from {@code from} (null if unknown); returns our answer. */
    public List<Entry> receive(String from, List<Entry> incoming) {
        List<Entry> answer = message();
        hear(from, incoming);
        return answer;
    }

    /** {@code peer} answered our {@link Outgoing} with {@code answer}. */
    public void replied(String peer, List<Entry> answer) {
        hear(peer, answer);
    }

    /** {@code peer} did not answer: it leaves the view, and stale copies of it stay out. */
    public void failed(String peer) {
        view.remove(peer);
        quarantine.put(peer, 0);
        noteChanges();
    }

    /** The view's changes since the last call, in order. */
    public List<Change> pollChanges() {
        List<Change> polled = List.copyOf(changes);
        changes.clear();
        return polled;
    }

    /** The current view's members. */
    public List<String> members() {
        return List.copyOf(view.keySet());
    }

    /** The current view with ages (for status and for the next version). */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        view.forEach((member, age) -> entries.add(new Entry(member, age)));
        return entries;
    }

    /** What this node sends: itself at age 0, then its view. */
    private List<Entry> message() {
        List<Entry> message = new ArrayList<>();
        message.add(new Entry(self, 0));
        message.addAll(entries());
        return message;
    }

    /**
     * A message from {@code from}: it is alive whatever it says (age 0), then the union of the
     * views, each entry one hop older. The hop counts as aging: a copy that travels several times
     * within one round would otherwise escape its holders' ticks, and a dead member's copies
     * would outlive {@code maxAge} rounds.
     */
    private void hear(String from, List<Entry> incoming) {
        if (from != null) {
            quarantine.remove(from);
            merge(List.of(new Entry(from, 0)), 0);
        }
        merge(incoming, 1);
        noteChanges();
    }

    private void merge(List<Entry> incoming, int hop) {
        for (Entry entry : incoming) {
            String member = entry.member();
            int age = entry.age() + hop;
            Integer failedAgo = quarantine.get(member);
            // A copy made before the failure may look up to one round younger than the failure
            // (holders tick at different moments), so news must beat it by a whole round.
            if (member.equals(self) || age > settings.maxAge() || (failedAgo != null && age + 1 >= failedAgo)) {
                continue;
            }
            quarantine.remove(member);
            view.merge(member, age, Math::min);
        }
        if (view.size() > settings.viewSize()) {
            List<Entry> union = entries();
            Collections.shuffle(union, random);
            view.clear();
            union.subList(0, settings.viewSize()).forEach(e -> view.put(e.member(), e.age()));
        }
    }

    private void noteChanges() {
        for (String member : announced) {
            if (!view.containsKey(member)) {
                changes.add(new Change(member, false));
            }
        }
        for (String member : view.keySet()) {
            if (!announced.contains(member)) {
                changes.add(new Change(member, true));
            }
        }
        announced = new LinkedHashSet<>(view.keySet());
    }
}
