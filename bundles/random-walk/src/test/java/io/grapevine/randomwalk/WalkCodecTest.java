package io.grapevine.randomwalk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import io.grapevine.randomwalk.WalkCodec.Done;
import io.grapevine.randomwalk.WalkCodec.Walk;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class WalkCodecTest {

    @Test
    public void walksAndAnswersSurviveTheWire() {
        Walk first = new Walk("node.1-abc-1", null, 10, 0);
        assertEquals("walk node.1-abc-1 - 10 0\n", new String(WalkCodec.encode(first), StandardCharsets.US_ASCII));
        assertEquals(first, WalkCodec.decodeWalk(WalkCodec.encode(first)));
        Walk later = new Walk("x", "[::1]:8080", 3, 7);
        assertEquals(later, WalkCodec.decodeWalk(WalkCodec.encode(later)));
        Done done = new Done("node.1-abc-1", 10);
        assertEquals(done, WalkCodec.decodeDone(WalkCodec.encode(done)));
    }

    @Test
    public void garbageIsRefusedWithAReason() {
        String[] walks = {"", "walk", "walk a - 1", "walk a - 1 0 0", "done a 1", "walk a - 0 0", "walk a - -1 0",
            "walk a - 1 -1", "walk a - 1025 0", "walk a - 1 99999", "walk a host 1 0", "walk a host:port 1 0",
            "walk a/b - 1 0", "walk  - 1 0", "walk a - 1x 0", "walk a - 1 0 ", "walk " + "a".repeat(201) + " - 1 0",
            "walk a " + "h".repeat(600) + ":1 1 0", "walk a\u00e9 - 1 0"};
        for (String walk : walks) {
            try {
                WalkCodec.decodeWalk(walk.getBytes(StandardCharsets.UTF_8));
                fail("accepted: " + walk);
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().contains("\n"));
            }
        }
        for (String done : new String[] {"", "done", "done a", "done a 1 2", "walk a 1", "done a -1", "done a/b 1"}) {
            try {
                WalkCodec.decodeDone(done.getBytes(StandardCharsets.UTF_8));
                fail("accepted: " + done);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }
}
