package io.grapevine.core.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing per client address, free of I/O and of the clock (callers pass
 * {@code now}). The first {@code freeFailures} failed logins of an address are only answered; after
 * that the address waits before its next attempt is even checked: 1 s after the last failure, then
 * 2, 4, 8 s... for each further failure, up to {@code maxBackoffMs}. A success forgets the address,
 * and so does a quiet time of three times {@code maxBackoffMs} without a failure. At most
 * {@value #MAX_ADDRESSES} addresses are kept; when full, the one heard of longest ago goes.
 */
public final class LoginBackoff {
    static final int MAX_ADDRESSES = 4096;
    private static final long FIRST_BACKOFF_MS = 1000;

    private record Failures(int count, long lastMs) {
    }

    private final int freeFailures;
    private final long maxBackoffMs;
    private final Map<String, Failures> table = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public LoginBackoff(int freeFailures, long maxBackoffMs) {
        this.freeFailures = freeFailures;
        this.maxBackoffMs = maxBackoffMs;
    }

    /** Milliseconds {@code client} must still wait before a login of it is checked; 0 when it may try now. */
    public synchronized long waitMs(String client, long now) {
        Failures failures = current(client, now);
        if (failures == null || failures.count() < freeFailures) {
            return 0;
        }
        int doublings = Math.min(30, failures.count() - freeFailures);
        long backoff = Math.min(maxBackoffMs, FIRST_BACKOFF_MS << doublings);
        return Math.max(0, failures.lastMs() + backoff - now);
    }

    /**
     * A login attempt of {@code client}: like {@link #waitMs}, and when that is 0 the attempt counts
     * as a failure at once, until {@link #succeeded} takes it back. So guesses sent in parallel meet
     * the back-off too, not only those sent one after the other.
     */
    public synchronized long attempt(String client, long now) {
        long wait = waitMs(client, now);
        if (wait == 0) {
            Failures failures = current(client, now);
            table.put(client, new Failures(failures == null ? 1 : failures.count() + 1, now));
        }
        return wait;
    }

    public synchronized void succeeded(String client) {
        table.remove(client);
    }

    synchronized int size() {
        return table.size();
    }

    private Failures current(String client, long now) {
        Failures failures = table.get(client);
        if (failures != null && now - failures.lastMs() > 3 * maxBackoffMs) {
            table.remove(client);
            return null;
        }
        return failures;
    }
}
