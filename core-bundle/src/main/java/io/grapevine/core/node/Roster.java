package io.grapevine.core.node;

import io.grapevine.core.config.DeploymentNumber;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every node this node has heard of, with when it was last heard (directly, or relayed with an age,
 * so no two clocks are compared) and the deployment it ran then: what "all nodes" means to the
 * operator's tools, and where a rollout looks for nodes still behind. A member is {@code alive},
 * {@code suspect} (not heard of for {@code suspectMs}), {@code down} (not for {@code downMs}), or
 * {@code left} (it said so when it stopped, or the operator forgot it; heard from its core
 * afterwards, it is back). Bounded; a few entries travel in each core message, the freshest first.
 * Every operation but {@link #members()}, {@link #retarget} (once a deployment) and {@link #tidy}
 * (as many as have left) costs at most the logarithm of the size: a simulated cluster runs one
 * roster per node. Pure bookkeeping, driven by {@link Node}.
 */
public final class Roster {
    static final int MAX = 10_000;
    static final int PER_MESSAGE = 16;
    /** How long after learning of a member it did not know a roster counts as still growing. */
    static final long GROWING_MS = 60_000;
    /** News of a member younger than this (half the default time to suspect) is relayed first. */
    static final long FRESH_MS = 30_000;
    static final long FORGET_LEFT_AFTER_MS = 24 * 3600_000L;

    /** A member as this node knows it; {@code heardAt} is on this node's clock. */
    public record Member(String address, DeploymentNumber deployment, long heardAt, boolean left, String coreReverted) {
        public Member(String address, DeploymentNumber deployment, long heardAt, boolean left) {
            this(address, deployment, heardAt, left, null);
        }
    }

    /**
     * One member as a message carries it: how long ago its sender heard of it, not when, and the
     * core its launcher reverted ({@link GossipMessage#coreReverted}).
     */
    public record Entry(String address, DeploymentNumber deployment, long ageMs, boolean left, String coreReverted) {
        public Entry(String address, DeploymentNumber deployment, long ageMs, boolean left) {
            this(address, deployment, ageMs, left, null);
        }
    }

    /** Addresses with O(1) add, remove and random pick. */
    private static final class Pool {
        private final List<String> items = new ArrayList<>();
        private final Map<String, Integer> slots = new HashMap<>();

        void add(String item) {
            if (!slots.containsKey(item)) {
                slots.put(item, items.size());
                items.add(item);
            }
        }

        void remove(String item) {
            Integer slot = slots.remove(item);
            if (slot != null) {
                String last = items.remove(items.size() - 1);
                if (slot < items.size()) {
                    items.set(slot, last);
                    slots.put(last, slot);
                }
            }
        }

        String pick(Random random) {
            return items.get(random.nextInt(items.size()));
        }

        int size() {
            return items.size();
        }

        void clear() {
            items.clear();
            slots.clear();
        }
    }

    private final String self;
    private final Map<String, Member> members = new HashMap<>();
    /** The members not left, stalest first: where {@link #fading} looks. */
    private final TreeSet<Member> byHeardAt = new TreeSet<>(
            Comparator.comparingLong(Member::heardAt).thenComparing(Member::address));
    private final Set<String> left = new HashSet<>();
    private final Pool all = new Pool();
    private final Pool behind = new Pool();
    private final Deque<String> recent = new ArrayDeque<>();
    private DeploymentNumber target;
    private boolean changed;
    private long grewAt = Long.MIN_VALUE / 2;

    /** {@code state} of {@code member} at {@code now}: alive, suspect, down or left. */
    public static String state(Member member, long now, long suspectMs, long downMs) {
        long silent = now - member.heardAt();
        return member.left() ? "left" : silent < suspectMs ? "alive" : silent < downMs ? "suspect" : "down";
    }

    Roster(String self, List<Member> stored) {
        this.self = self;
        stored.forEach(member -> merge(member, Long.MIN_VALUE / 2));
        changed = false;
    }

    /**
     * Heard from {@code address} by its module traffic, which does not say what its launcher
     * reverted, and does not bring back a member that left: a stopping node's modules still talk
     * after its core has said it leaves. Its core's next message does.
     */
    void heard(String address, DeploymentNumber deployment, long now) {
        Member known = members.get(address);
        if (known == null || !known.left()) {
            heard(address, deployment, known == null ? null : known.coreReverted(), now);
        }
    }

    /** Heard from {@code address}'s core itself just now. */
    void heard(String address, DeploymentNumber deployment, String coreReverted, long now) {
        if (address != null && !address.equals(self)) {
            merge(new Member(address, deployment, now, false, coreReverted), now);
        }
    }

    /** What a peer relays of a member. */
    void relayed(Entry entry, long now) {
        if (!entry.address().equals(self) && entry.ageMs() >= 0) {
            merge(new Member(entry.address(), entry.deployment(), now - entry.ageMs(), entry.left(),
                    entry.coreReverted()), now);
        }
    }

    /** The operator forgot {@code address} (or it stopped saying so): it has left, as of now. */
    void leave(String address, long now) {
        Member known = members.get(address);
        merge(new Member(address, known == null ? null : known.deployment(), now, true), now);
    }

    private void merge(Member news, long now) {
        Member known = members.get(news.address());
        if (known != null && known.heardAt() >= news.heardAt()) {
            return;
        }
        if (known == null && members.size() >= MAX) {
            return; // full: the members known stay, a newcomer waits for one to leave
        }
        if (known == null) {
            grewAt = now;
        }
        changed |= known == null || known.left() != news.left();
        members.put(news.address(), news);
        if (known != null) {
            byHeardAt.remove(known);
        }
        if (news.left()) {
            left.add(news.address());
        } else {
            left.remove(news.address());
            byHeardAt.add(news);
        }
        all.add(news.address());
        recent.addFirst(news.address());
        if (recent.size() > PER_MESSAGE * 4) {
            recent.removeLast();
        }
        placeBehind(news);
    }

    private void placeBehind(Member member) {
        if (target != null && !member.left() && (member.deployment() == null || target.isAfter(member.deployment()))) {
            behind.add(member.address());
        } else {
            behind.remove(member.address());
        }
    }

    /** From now on {@link #behind} answers for {@code deployment}. */
    void retarget(DeploymentNumber deployment) {
        if (!deployment.equals(target)) {
            target = deployment;
            behind.clear();
            members.values().forEach(this::placeBehind);
        }
    }

    /**
     * The member heard of longest ago among those last heard of between {@code fadingMs} and
     * {@code goneMs} ago (and not left): the one this roster is about to show as suspect, or null.
     */
    String fading(long now, long fadingMs, long goneMs) {
        // The stalest member heard of after now - goneMs: not yet gone ("" sorts before any address).
        Member stalest = byHeardAt.ceiling(new Member("", null, now - goneMs + 1, false));
        return stalest == null || now - stalest.heardAt() < fadingMs ? null : stalest.address();
    }

    /** A random member not known to run the target deployment or a later one, or null. */
    String behind(Random random, Set<String> except) {
        for (int tries = 0; tries < 8 && behind.size() > 0; tries++) {
            String pick = behind.pick(random);
            if (!except.contains(pick)) {
                return pick;
            }
        }
        return null;
    }

    /**
     * Entries for a message: the freshest news (members heard of most recently, so a member's being
     * alive spreads like a rumour) and a few at random (so every member, and every departure, is
     * told again now and then), news younger than {@link #FRESH_MS} first: older news is what the
     * receiver likely holds already, and relaying it left 3.9 % of what nodes held of live members
     * old enough to look suspect without module traffic (2.3 % so; RosterFreshnessTest). Twice as
     * many while this roster is growing: a node few others know yet (in a young cluster, or just
     * joined) is in few rosters, so pushes miss it and it would hear of a rollout only at its own
     * round; a settled cluster sends the usual few.
     */
    List<Entry> sample(Random random, long now) {
        int size = now - grewAt < GROWING_MS ? PER_MESSAGE * 2 : PER_MESSAGE;
        List<Entry> picked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String address : recent) {
            if (picked.size() >= size / 2) {
                break;
            }
            if (seen.add(address)) {
                picked.add(entry(members.get(address), now));
            }
        }
        for (int tries = 0; tries < size * 4 && picked.size() < size && all.size() > 0; tries++) {
            String address = all.pick(random);
            Member member = members.get(address);
            if ((tries >= size * 2 || member.left() || now - member.heardAt() < FRESH_MS) && seen.add(address)) {
                picked.add(entry(member, now));
            }
        }
        return picked;
    }

    /** Left members forgotten a day after they left; true when membership changed since the last call. */
    boolean tidy(long now) {
        List<String> expired = left.stream()
                .filter(address -> now - members.get(address).heardAt() > FORGET_LEFT_AFTER_MS).toList();
        expired.forEach(address -> {
            members.remove(address);
            left.remove(address);
            all.remove(address);
            behind.remove(address);
            recent.remove(address);
        });
        boolean was = changed || !expired.isEmpty();
        changed = false;
        return was;
    }

    List<Member> members() {
        return List.copyOf(members.values());
    }

    private static Entry entry(Member member, long now) {
        return new Entry(member.address(), member.deployment(), Math.max(0, now - member.heardAt()), member.left(),
                member.coreReverted());
    }
}
