package io.grapevine.core.telemetry;

import io.grapevine.core.admin.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What happened on this node, oldest first, the last {@value #CAPACITY} events: deployments
 * applied and every module life-cycle step. Served at {@code GET /core/events}; tests and
 * benchmarks read the order of steps and their times from it.
 */
public final class EventLog {
    static final int CAPACITY = 2000;

    private final LongSupplier clock;
    private final Deque<Event> events = new ArrayDeque<>();
    private long sequence;

    public EventLog(LongSupplier clock) {
        this.clock = clock;
    }

    public synchronized void add(String type, String subject, String detail) {
        events.addLast(new Event(++sequence, clock.getAsLong(), type, subject, detail == null ? "" : detail));
        if (events.size() > CAPACITY) {
            events.removeFirst();
        }
        System.err.println("grapevine: " + type + " " + subject + (detail == null || detail.isEmpty() ? "" : " " + detail));
    }

    public synchronized List<Event> all() {
        return new ArrayList<>(events);
    }
}
