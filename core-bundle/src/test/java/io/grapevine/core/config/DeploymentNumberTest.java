package io.grapevine.core.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class DeploymentNumberTest {

    @Test
    public void orderIsTimeThenCounterThenNode() {
        DeploymentNumber a = new DeploymentNumber(100, 0, "b");
        DeploymentNumber b = new DeploymentNumber(100, 1, "a");
        DeploymentNumber c = new DeploymentNumber(101, 0, "a");
        DeploymentNumber d = new DeploymentNumber(101, 0, "b");
        List<DeploymentNumber> shuffled = new ArrayList<>(List.of(d, b, c, a));
        Collections.shuffle(shuffled, new Random(7));
        Collections.sort(shuffled);
        assertEquals(List.of(a, b, c, d), shuffled);
    }

    @Test
    public void tokenRoundTripsEvenWhenTheNodeIdHasColonsAndDots() {
        DeploymentNumber number = new DeploymentNumber(1_763_737_688_123L, 42, "node.3f:8080");
        assertEquals("1763737688123-42-node.3f:8080", number.toString());
        assertEquals(number, DeploymentNumber.parse(number.toString()));
    }

    @Test
    public void malformedTokensAreRefusedWithAReason() {
        for (String bad : new String[] {"", "12", "12-x-node", "a-1-node", "-1-0-node", "1-0-", "1-0-no space",
            "99999999999999999999-0-n", "1--1-n"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> DeploymentNumber.parse(bad));
            assertTrue(e.getMessage(), e.getMessage().length() > 10);
        }
        assertThrows(IllegalArgumentException.class, () -> DeploymentNumber.parse(null));
    }

    @Test
    public void timesBeyondYear10000AreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new DeploymentNumber(DeploymentNumber.MAX_TIME + 1, 0, "n"));
    }
}
