package io.grapevine.core.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The members whose change a {@link Roster} still has to tell, newest first, each a number of
 * times: SWIM's dissemination, in which every node tells a change λ log n times, so that it reaches
 * them all while a cluster with nothing new to tell sends nothing. Addresses only; the roster makes
 * the entries. Bounded: past {@link #MAX} the oldest rumour is dropped.
 */
final class Rumours {
    static final int MAX = 256;

    private final Deque<String> order = new ArrayDeque<>();
    private final Map<String, Integer> timesLeft = new HashMap<>();

    /** {@code address} changed: told λ log₂ {@code members} times from now on, before older rumours. */
    void add(String address, int lambda, int members) {
        timesLeft.put(address, lambda * (64 - Long.numberOfLeadingZeros(members + 1L)));
        order.remove(address);
        order.addFirst(address);
        while (order.size() > MAX) {
            timesLeft.remove(order.removeLast());
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
            } else {
                timesLeft.put(address, left - 1);
            }
        }
        return told;
    }

    /** Up to {@code count} of the newest, not counted as told. */
    List<String> newest(int count, Predicate<String> known) {
        List<String> newest = new ArrayList<>();
        for (Iterator<String> it = order.iterator(); it.hasNext() && newest.size() < count; ) {
            String address = it.next();
            if (known.test(address)) {
                newest.add(address);
            }
        }
        return newest;
    }

    void forget(String address) {
        order.remove(address);
        timesLeft.remove(address);
    }

    void clear() {
        order.clear();
        timesLeft.clear();
    }
}
