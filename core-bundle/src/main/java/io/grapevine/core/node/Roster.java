package io.grapevine.core.node;

import io.grapevine.core.config.DeploymentNumber;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every node this node has heard of, with when it was last heard (directly, or relayed with an age,
 * so no two clocks are compared), the deployment it ran then, and when a node last failed to reach
 * it: what "all nodes" means to the operator's tools, and where a rollout looks for nodes still
 * behind. Liveness is told by failures, as in SWIM, not by news kept fresh: keeping every member's
 * news younger than the time to suspect costs N² entries per that time, more than the modules'
 * whole traffic at 100 nodes, and 25 % of live members looked suspect anyway. A member is
 * {@code alive} unless a node failed to reach it after the last news of it; then it is
 * {@code suspect} once not heard of for {@code suspectMs}, {@code down} once not for
 * {@code downMs}; {@code left} when it said so as it stopped, or the operator forgot it (heard from
 * its core afterwards, it is back). Changes (a member new, failed, heard again after a failure,
 * left) are rumours: the next messages, core and module, carry them, each a few times. Bounded;
 * a few entries travel in each core message, rumours and the freshest news first.
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
    /** Rumours a module message carries at most. */
    public static final int PER_MODULE_MESSAGE = 4;
    private static final long NEVER = Long.MIN_VALUE / 2;

    /**
     * A member as this node knows it; {@code heardAt} and {@code failedAt} (when a node last failed
     * to reach it, {@link Long#MIN_VALUE}/2 for never) are on this node's clock.
     */
    public record Member(String address, DeploymentNumber deployment, long heardAt, boolean left, String coreReverted,
            long failedAt) {
        public Member(String address, DeploymentNumber deployment, long heardAt, boolean left, String coreReverted) {
            this(address, deployment, heardAt, left, coreReverted, NEVER);
        }

        public Member(String address, DeploymentNumber deployment, long heardAt, boolean left) {
            this(address, deployment, heardAt, left, null);
        }

        /** A node failed to reach it after the last news of it. */
        public boolean failed() {
            return failedAt > heardAt;
        }

        Member failedAt(long at) {
            return new Member(address, deployment, heardAt, left, coreReverted, at);
        }
    }

    /**
     * One member as a message carries it: how long ago its sender heard of it, not when, and the
     * core its launcher reverted ({@link GossipMessage#coreReverted}); {@code failed}: the age is of
     * a node's failing to reach it, not of news of it.
     */
    public record Entry(String address, DeploymentNumber deployment, long ageMs, boolean left, String coreReverted,
            boolean failed) {
        public Entry(String address, DeploymentNumber deployment, long ageMs, boolean left, String coreReverted) {
            this(address, deployment, ageMs, left, coreReverted, false);
        }

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
    /** The members neither left nor failed, stalest first: where {@link #fading} looks. */
    private final TreeSet<Member> byHeardAt = new TreeSet<>(
            Comparator.comparingLong(Member::heardAt).thenComparing(Member::address));
    private final Set<String> left = new HashSet<>();
    private final Pool all = new Pool();
    private final Pool behind = new Pool();
    private final Deque<String> recent = new ArrayDeque<>();
    private final Rumours rumours = new Rumours();
    /** The sum of {@link #digestOf} over the members and this node: {@link #digest}. */
    private long digest;
    private DeploymentNumber target;
    private boolean changed;
    private long grewAt = Long.MIN_VALUE / 2;

    /** {@code state} of {@code member} at {@code now}: alive, suspect, down or left. */
    public static String state(Member member, long now, long suspectMs, long downMs) {
        long silent = now - member.heardAt();
        return member.left() ? "left" : !member.failed() || silent < suspectMs ? "alive"
                : silent < downMs ? "suspect" : "down";
    }

    Roster(String self, List<Member> stored) {
        this.self = self;
        this.digest = digestOf(self);
        stored.forEach(member -> merge(member, Long.MIN_VALUE / 2));
        changed = false;
        rumours.clear(); // what was on disk is not news
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

    /**
     * What a peer relays of a member. A peer that tells what this node knows already (the member in
     * the same state) knew it, and the rumour of it was less needed: it counts as told several times
     * ({@link Rumours#heardBack}), so that once a change is known widely it stops travelling.
     */
    void relayed(Entry entry, long now) {
        if (entry.address().equals(self) || entry.ageMs() < 0) {
            return;
        }
        Member known = members.get(entry.address());
        if (known != null && known.left() == entry.left() && known.failed() == entry.failed()) {
            rumours.heardBack(entry.address());
        }
        if (entry.failed()) {
            failed(entry.address(), now - entry.ageMs());
        } else {
            merge(new Member(entry.address(), entry.deployment(), now - entry.ageMs(), entry.left(),
                    entry.coreReverted()), now);
        }
    }

    /**
     * A node (this one, or one that relays it) failed to reach {@code address} at {@code at}: a
     * member not heard of since is failed, and that is a rumour. Unknown members are not learned so.
     */
    void failed(String address, long at) {
        Member known = members.get(address);
        if (known == null || known.left() || at <= known.failedAt()) {
            return;
        }
        Member failed = known.failedAt(at);
        members.put(address, failed);
        byHeardAt.remove(known);
        if (!failed.failed()) {
            byHeardAt.add(failed);
        }
        if (!known.failed() && failed.failed()) {
            rumour(address, 3);
        }
    }

    /** The operator forgot {@code address} (or it stopped saying so): it has left, as of now. */
    void leave(String address, long now) {
        Member known = members.get(address);
        merge(new Member(address, known == null ? null : known.deployment(), now, true), now);
    }

    private void merge(Member arrived, long now) {
        Member known = members.get(arrived.address());
        if (known != null && known.heardAt() >= arrived.heardAt()) {
            return;
        }
        Member news = known == null ? arrived : arrived.failedAt(Math.max(known.failedAt(), arrived.failedAt()));
        if (known == null && members.size() >= MAX) {
            return; // full: the members known stay, a newcomer waits for one to leave
        }
        if (known == null) {
            grewAt = now;
            digest += digestOf(arrived.address());
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
            if (!news.failed()) {
                byHeardAt.add(news);
            }
        }
        all.add(news.address());
        recent.addFirst(news.address());
        if (recent.size() > PER_MESSAGE * 4) {
            recent.removeLast();
        }
        placeBehind(news);
        if (known == null) {
            // so that every node comes to know every member, with no core round
            rumours.add(news.address(), 1, members.size(), true);
        } else if (known.left() != news.left() || known.failed() && !news.failed()) {
            rumour(news.address(), 3);
        }
    }

    private void rumour(String address, int lambda) {
        rumours.add(address, lambda, members.size(), false);
    }

    /**
     * The members this node knows, itself included, as one number: two nodes that know the same
     * members have the same, whoever they are. A sum of SHA-256 prefixes, so that a member costs
     * one hash to add or remove; an authenticated peer that forged a match would only stop joins
     * reaching it by module messages, and core gossip still carries every member.
     */
    long digest() {
        return digest;
    }

    private static long digestOf(String address) {
        try {
            byte[] utf16 = new byte[address.length() * 2]; // no charset: the state machine touches no java.nio
            for (int i = 0; i < address.length(); i++) {
                utf16[2 * i] = (byte) (address.charAt(i) >> 8);
                utf16[2 * i + 1] = (byte) address.charAt(i);
            }
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(utf16);
            return HexFormat.fromHexDigitsToLong(HexFormat.of().formatHex(sha, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Some rumour still to tell is of a member new to this node. */
    boolean joining() {
        return rumours.joining();
    }

    /** A peer knows every member this node knows: each join counts as told to it. */
    void peerKnowsAll() {
        rumours.toldJoins();
    }

    /** Up to {@code count} rumours to tell now, newest first; each told counts against its times. */
    private List<Entry> tell(int count, long now, Set<String> seen) {
        List<Entry> told = new ArrayList<>();
        for (String address : rumours.tell(count, members::containsKey)) {
            if (seen.add(address)) {
                told.add(entry(members.get(address), now));
            }
        }
        return told;
    }

    /**
     * Entries for module messages: the newest rumours, not counted as told ({@link #toldOnce}
     * counts them), since the driver puts them on every module message until the next event.
     */
    List<Entry> rumours(int count, long now, boolean withJoins) {
        return rumours.newest(count, members::containsKey, withJoins).stream()
                .map(address -> entry(members.get(address), now)).toList();
    }

    /** The newest {@code count} rumours went out once more. */
    void toldOnce(int count, long now) {
        tell(count, now, new HashSet<>());
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
     * The member heard of longest ago, if that is {@code fadingMs} or more ago, among those not left
     * and not failed (a failed one is known already, and tells us itself when it is back), or null.
     */
    String fading(long now, long fadingMs) {
        Member stalest = byHeardAt.isEmpty() ? null : byHeardAt.first();
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
        int size = growing(now) ? PER_MESSAGE * 2 : PER_MESSAGE;
        Set<String> seen = new HashSet<>();
        List<Entry> picked = tell(size / 4, now, seen);
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

    /**
     * Up to {@code count} members picked at random, fresh or not: for a peer that knows other
     * members than this node, the one part of a module message that can bring it a member every
     * rumour missed.
     */
    List<Entry> anyMembers(Random random, int count, long now) {
        Set<String> seen = new HashSet<>();
        List<Entry> picked = new ArrayList<>();
        for (int tries = 0; tries < count * 2 && picked.size() < count && all.size() > 0; tries++) {
            Member member = members.get(all.pick(random));
            if ((!member.failed() || picked.size() + 2 <= count) && seen.add(member.address())) {
                // A failure alone does not make a member: its news first, then the failure.
                picked.add(new Entry(member.address(), member.deployment(), Math.max(0, now - member.heardAt()),
                        member.left(), member.coreReverted(), false));
                if (member.failed()) {
                    picked.add(entry(member, now));
                }
            }
        }
        return picked;
    }

    /** It learned of a member it did not know in the last {@link #GROWING_MS}. */
    boolean growing(long now) {
        return now - grewAt < GROWING_MS;
    }

    /** Left members forgotten a day after they left; true when membership changed since the last call. */
    boolean tidy(long now) {
        List<String> expired = left.stream()
                .filter(address -> now - members.get(address).heardAt() > FORGET_LEFT_AFTER_MS).toList();
        expired.forEach(address -> {
            members.remove(address);
            digest -= digestOf(address);
            left.remove(address);
            all.remove(address);
            behind.remove(address);
            recent.remove(address);
            rumours.forget(address);
        });
        boolean was = changed || !expired.isEmpty();
        changed = false;
        return was;
    }

    List<Member> members() {
        return List.copyOf(members.values());
    }

    /** A failed member travels as the failure, so that the receiver fails it too; any other as its news. */
    private static Entry entry(Member member, long now) {
        long at = member.failed() ? member.failedAt() : member.heardAt();
        return new Entry(member.address(), member.deployment(), Math.max(0, now - at), member.left(),
                member.coreReverted(), member.failed());
    }
}
