package io.grapevine.core.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The members whose change a {@link Roster} still has to tell, newest first, each a number of
 * times: SWIM's dissemination, in which every node tells a change λ log n times, so that it reaches
 * them all while a cluster with nothing new to tell sends nothing. Addresses only; the roster makes
 * the entries. Bounded: past {@link #MAX} the oldest rumour is dropped. A join (a member new to
 * this node) is told no more to a peer that knows every member already ({@link #toldJoins}).
 */
final class Rumours {
    static final int MAX = 256;
    /** A third of λ log₂ n at 100 nodes: a rumour heard back three times is told no more. */
    static final int TOLD_PER_HEARD_BACK = 7;

    private final Deque<String> order = new ArrayDeque<>();
    private final Map<String, Integer> timesLeft = new HashMap<>();
    private final Set<String> joins = new HashSet<>();

    /**
     * {@code address} changed ({@code join}: it is new to this node): told λ log₂ {@code members}
     * times from now on, before older rumours.
     */
    void add(String address, int lambda, int members, boolean join) {
        timesLeft.put(address, lambda * (64 - Long.numberOfLeadingZeros(members + 1L)));
        order.remove(address);
        order.addFirst(address);
        if (join) {
            joins.add(address);
        } else {
            joins.remove(address);
        }
        while (order.size() > MAX) {
            forget(order.peekLast());
        }
    }

    /**
     * A peer told this node what the rumour of {@code address} says: it knew, so the rumour counts
     * as told {@link #TOLD_PER_HEARD_BACK} times more (Demers et al.'s rumour mongering with
     * feedback: a rumour heard back from a few peers is known widely). Without this, a burst of
     * changes takes every node's λ log n tells of each to drain, minutes of full messages.
     */
    void heardBack(String address) {
        Integer left = timesLeft.get(address);
        if (left != null && left <= TOLD_PER_HEARD_BACK) {
            forget(address);
        } else if (left != null) {
            timesLeft.put(address, left - TOLD_PER_HEARD_BACK);
        }
    }

    /** Some rumour still to tell is a join. */
    boolean joining() {
        return !joins.isEmpty();
    }

    /** A peer knew every member: each join counts as told once more. */
    void toldJoins() {
        for (String address : List.copyOf(joins)) {
            int left = timesLeft.getOrDefault(address, 0);
            if (left <= 1) {
                forget(address);
            } else {
                timesLeft.put(address, left - 1);
            }
        }
    }

    /** Up to {@code count} of the newest, each counted as told once more; those no longer {@code known} are dropped. */
    List<String> tell(int count, Predicate<String> known) {
        List<String> told = new ArrayList<>();
        for (Iterator<String> it = order.iterator(); it.hasNext() && told.size() < count; ) {
            String address = it.next();
            int left = timesLeft.getOrDefault(address, 0);
            boolean keep = known.test(address);
            if (keep) {
                told.add(address);
            }
            if (!keep || left <= 1) {
                it.remove();
                timesLeft.remove(address);
                joins.remove(address);
            } else {
                timesLeft.put(address, left - 1);
            }
        }
        return told;
    }

    /** Up to {@code count} of the newest, not counted as told; joins only if {@code withJoins}. */
    List<String> newest(int count, Predicate<String> known, boolean withJoins) {
        List<String> newest = new ArrayList<>();
        for (Iterator<String> it = order.iterator(); it.hasNext() && newest.size() < count; ) {
            String address = it.next();
            if (known.test(address) && (withJoins || !joins.contains(address))) {
                newest.add(address);
            }
        }
        return newest;
    }

    void forget(String address) {
        order.remove(address);
        timesLeft.remove(address);
        joins.remove(address);
    }

    void clear() {
        order.clear();
        timesLeft.clear();
        joins.clear();
    }
}
