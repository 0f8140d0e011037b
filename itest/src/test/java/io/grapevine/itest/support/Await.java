package io.grapevine.itest.support;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes; never a blind sleep. */
public final class Await {
    private Await() {
    }

    /**
     * Calls {@code probe} until it returns a non-null value, at most until {@code timeout}. An
     * exception from the probe counts as "not yet"; the last one is reported on time-out.
     */
    public static <T> T until(String what, Duration timeout, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        long pause = 10;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + what);
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
            pause = Math.min(pause * 2, 200);
        }
    }
}
