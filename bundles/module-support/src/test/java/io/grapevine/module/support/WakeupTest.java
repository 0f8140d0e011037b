package io.grapevine.module.support;

import static org.junit.Assert.assertEquals;

import io.grapevine.module.testkit.FakeContext;
import org.junit.Test;

public class WakeupTest {
    private final FakeContext context = new FakeContext("io.grapevine.test");
    private int runs;
    private final Wakeup wakeup = new Wakeup(context, () -> runs++);

    @Test
    public void anEarlierWakeupReplacesALaterOneAndALaterOneChangesNothing() {
        wakeup.at(100, 0);
        wakeup.at(50, 0);
        wakeup.at(80, 0);
        context.advance(49);
        assertEquals(0, runs);
        context.advance(1);
        assertEquals(1, runs);
        context.advance(1000);
        assertEquals("the replaced timers never fire", 1, runs);
    }

    @Test
    public void noWakeupIsNeededAtTheEndOfTime() {
        wakeup.at(Long.MAX_VALUE, 0);
        context.advance(1_000_000);
        assertEquals(0, runs);
        wakeup.at(10, 0);
        context.advance(10);
        assertEquals(1, runs);
    }
}
