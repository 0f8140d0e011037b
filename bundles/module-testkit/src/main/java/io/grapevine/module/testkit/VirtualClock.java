package io.grapevine.module.testkit;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A clock in milliseconds that moves only when the test runs it, with the actions set to run on
 * it: what lets a test drive protocols and modules deterministically. Actions due at the same time
 * run in the order they were set.
 */
public final class VirtualClock {
    private record Event(long at, long seq, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
    private long now;
    private long seq;

    public long now() {
        return now;
    }

    /** Runs {@code action} at {@code time}; a time already past runs it at the next {@link #runFor}. */
    public void at(long time, Runnable action) {
        queue.add(new Event(time, seq++, action));
    }

    /** Moves the clock {@code ms} forward, running the actions that come due on the way, and those they set. */
    public void runFor(long ms) {
        long end = now + ms;
        while (!queue.isEmpty() && queue.peek().at() <= end) {
            Event event = queue.poll();
            now = event.at();
            event.action().run();
        }
        now = end;
    }
}
