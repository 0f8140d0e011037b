package io.grapevine.core.node;

import io.grapevine.core.config.DeploymentNumber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Every node this node has heard of, with when it was last heard (directly, or relayed with an age,
 * so no two clocks are compared) and the deployment it ran then: what "all nodes" means to the
 * operator's tools. A member is {@code alive}, {@code suspect} (not heard for {@code suspectMs}),
 * {@code down} (not for {@code downMs}), or {@code left} (it said so when it stopped, or the
 * operator forgot it; heard from afterwards, it is back). Bounded; a few entries travel in each core
 * message. Pure bookkeeping, driven by {@link Node}.
 */
public final class Roster {
    static final int MAX = 10_000;
    static final int PER_MESSAGE = 16;
    static final long FORGET_LEFT_AFTER_MS = 24 * 3600_000L;

    /** A member as this node knows it; {@code heardAt} is on this node's clock. */
    public record Member(String address, DeploymentNumber deployment, long heardAt, boolean left) {
    }

    /** One member as a message carries it: how long ago its sender heard of it, not when. */
    public record Entry(String address, DeploymentNumber deployment, long ageMs, boolean left) {
    }

    private final String self;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private boolean changed;

    /** {@code state} of {@code member} at {@code now}: alive, suspect, down or left. */
    public static String state(Member member, long now, long suspectMs, long downMs) {
        long silent = now - member.heardAt();
        return member.left() ? "left" : silent < suspectMs ? "alive" : silent < downMs ? "suspect" : "down";
    }

    Roster(String self, List<Member> stored) {
        this.self = self;
        stored.forEach(m -> members.put(m.address(), m));
    }

    /** Heard from {@code address} itself just now. */
    void heard(String address, DeploymentNumber deployment, long now) {
        if (address != null && !address.equals(self)) {
            merge(new Member(address, deployment, now, false));
        }
    }

    /** What a peer relays of a member. */
    void relayed(Entry entry, long now) {
        if (!entry.address().equals(self) && entry.ageMs() >= 0) {
            merge(new Member(entry.address(), entry.deployment(), now - entry.ageMs(), entry.left()));
        }
    }

    /** The operator forgot {@code address} (or it stopped saying so): it has left, as of now. */
    void leave(String address, long now) {
        Member known = members.get(address);
        merge(new Member(address, known == null ? null : known.deployment(), now, true));
    }

    private void merge(Member news) {
        Member known = members.get(news.address());
        if (known != null && known.heardAt() >= news.heardAt()) {
            return;
        }
        changed |= known == null || known.left() != news.left();
        members.remove(news.address());
        members.put(news.address(), news);
        while (members.size() > MAX) {
            String oldest = members.values().stream().min(Comparator.comparingLong(Member::heardAt)).orElseThrow()
                    .address();
            members.remove(oldest);
        }
    }

    /**
     * Entries for a message: the freshest news (members heard of most recently, so a member's being
     * alive spreads like a rumour) and a few at random (so every member, and every departure, is
     * told again now and then).
     */
    List<Entry> sample(Random random, long now) {
        List<Member> all = new ArrayList<>(members.values());
        all.sort(Comparator.comparingLong(Member::heardAt).reversed());
        List<Entry> picked = new ArrayList<>();
        for (int i = 0; i < all.size() && i < PER_MESSAGE / 2; i++) {
            picked.add(entry(all.get(i), now));
        }
        List<Member> rest = all.subList(Math.min(all.size(), PER_MESSAGE / 2), all.size());
        rest = new ArrayList<>(rest);
        while (!rest.isEmpty() && picked.size() < PER_MESSAGE) {
            picked.add(entry(rest.remove(random.nextInt(rest.size())), now));
        }
        return picked;
    }

    /** Left members forgotten a day after they left; true when membership changed since the last call. */
    boolean tidy(long now) {
        members.values().removeIf(m -> m.left() && now - m.heardAt() > FORGET_LEFT_AFTER_MS);
        boolean was = changed;
        changed = false;
        return was;
    }

    List<Member> members() {
        return List.copyOf(members.values());
    }

    private static Entry entry(Member member, long now) {
        return new Entry(member.address(), member.deployment(), Math.max(0, now - member.heardAt()), member.left());
    }
}
