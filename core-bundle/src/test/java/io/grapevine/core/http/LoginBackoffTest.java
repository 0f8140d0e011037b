package io.grapevine.core.http;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The back-off on a virtual clock: the times are the caller's {@code now}, in milliseconds. */
public class LoginBackoffTest {
    private final LoginBackoff backoff = new LoginBackoff(5, 60_000);

    private void fail(String client, long now, int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(0, backoff.attempt(client, now));
        }
    }

    @Test
    public void theFirstFailuresAreFreeThenTheWaitDoublesFromOneSecondUpToTheMaximum() {
        fail("a", 0, 4);
        assertEquals(0, backoff.waitMs("a", 0));
        fail("a", 0, 1);
        assertEquals(1000, backoff.waitMs("a", 0));
        assertEquals("a refused attempt does not count", 1000, backoff.attempt("a", 0));
        assertEquals(400, backoff.waitMs("a", 600));
        fail("a", 1000, 1);
        assertEquals(2000, backoff.waitMs("a", 1000));
        fail("a", 3000, 1);
        assertEquals(4000, backoff.waitMs("a", 3000));
        long now = 7000;
        for (int i = 0; i < 10; i++) {
            now += backoff.waitMs("a", now);
            fail("a", now, 1);
        }
        assertEquals("capped", 60_000, backoff.waitMs("a", now));
    }

    @Test
    public void aSuccessOrAQuietTimeOfThreeMaximumsForgetsTheAddress() {
        fail("a", 0, 5);
        backoff.succeeded("a");
        assertEquals(0, backoff.waitMs("a", 0));
        fail("a", 0, 5);
        assertEquals(0, backoff.attempt("a", 180_001));
        assertEquals("the old failures are gone: this is the first", 0, backoff.waitMs("a", 180_001));
        fail("b", 0, 5);
        assertEquals(1000, backoff.waitMs("b", 0));
        assertEquals("others are not slowed", 0, backoff.waitMs("c", 0));
    }

    @Test
    public void theTableHoldsAtMostMaxAddressesAndDropsTheOneHeardOfLongestAgo() {
        fail("first", 0, 5);
        fail("second", 0, 5);
        for (int i = 0; i < LoginBackoff.MAX_ADDRESSES; i++) {
            if (i == 10) {
                backoff.waitMs("second", 1); // heard of again: kept
            }
            fail("10.0." + (i / 256) + "." + (i % 256), 1, 1);
        }
        assertEquals(LoginBackoff.MAX_ADDRESSES, backoff.size());
        assertEquals("evicted", 0, backoff.waitMs("first", 2));
        assertEquals(999, backoff.waitMs("second", 1));
    }
}
