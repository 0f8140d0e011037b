package io.grapevine.core.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;
import org.junit.Test;

public class HybridClockTest {

    @Test
    public void usesTheWallClockWhenItIsAhead() {
        HybridClock clock = new HybridClock("n1");
        assertEquals(new DeploymentNumber(1000, 0, "n1"), clock.next(1000));
        assertEquals(new DeploymentNumber(2000, 0, "n1"), clock.next(2000));
    }

    @Test
    public void aClockThatGoesBackStillGivesGreaterNumbers() {
        HybridClock clock = new HybridClock("n1");
        DeploymentNumber first = clock.next(5000);
        DeploymentNumber second = clock.next(1000);
        DeploymentNumber third = clock.next(1000);
        assertTrue(second.isAfter(first));
        assertTrue(third.isAfter(second));
        assertEquals(5000, third.time());
    }

    @Test
    public void aNumberSeenFromAPeerWhoseClockRunsAheadIsPassedWithoutFreezing() {
        HybridClock clock = new HybridClock("a");
        DeploymentNumber fromTheFuture = new DeploymentNumber(9_000_000, 7, "z");
        clock.observe(fromTheFuture);
        DeploymentNumber mine = clock.next(1000);
        assertTrue(mine.isAfter(fromTheFuture));
        assertTrue(clock.next(1001).isAfter(mine));
    }

    @Test
    public void aFullCounterSpillsIntoTheNextMillisecond() {
        HybridClock clock = new HybridClock("a");
        clock.observe(new DeploymentNumber(10, Integer.MAX_VALUE, "z"));
        assertEquals(new DeploymentNumber(11, 0, "a"), clock.next(5));
    }

    @Test
    public void everyNumberExceedsEverythingSeenUnderARandomWalkOfClockAndPeers() {
        Random random = new Random(42);
        HybridClock clock = new HybridClock("me");
        DeploymentNumber highest = null;
        long wall = 1_000_000;
        for (int i = 0; i < 10_000; i++) {
            wall += random.nextInt(2001) - 1000;
            if (random.nextInt(4) == 0) {
                DeploymentNumber peer = new DeploymentNumber(Math.max(0, wall + random.nextInt(4001) - 2000),
                        random.nextInt(5), "p" + random.nextInt(3));
                clock.observe(peer);
                highest = DeploymentNumber.max(highest, peer);
            } else {
                DeploymentNumber next = clock.next(Math.max(0, wall));
                assertTrue(next + " after " + highest, next.isAfter(highest));
                highest = next;
            }
        }
    }
}
