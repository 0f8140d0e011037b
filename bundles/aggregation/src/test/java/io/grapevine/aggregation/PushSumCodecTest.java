package io.grapevine.aggregation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.grapevine.aggregation.PushSumCodec.Answer;
import io.grapevine.aggregation.PushSumCodec.Push;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class PushSumCodecTest {

    @Test
    public void pushesAndAnswersSurviveTheWireExactly() {
        Push push = new Push(new Epoch(12, "node.3fa2b1c0"), -0.1 / 3, 1e-300, 0.5, 47.123456789012345, 0.01);
        assertEquals(push, PushSumCodec.decodePush(PushSumCodec.encode(push)));
        Answer answer = new Answer(false, new Epoch(0, "a"), 1e10, 0);
        assertEquals(answer, PushSumCodec.decodeAnswer(PushSumCodec.encode(answer)));
        assertEquals("ok 3 n.1 2.5 0.25\n", text(PushSumCodec.encode(new Answer(true, new Epoch(3, "n.1"), 2.5, 0.25))));
    }

    @Test
    public void garbageIsRefusedWithAReason() {
        String[] pushes = {
            "", "\n", "push", "push 1 n 1 1 1 1", "push 1 n 1 1 1 1 1 1", "pull 1 n 1 1 1 1 1",
            "push -1 n 1 1 1 1 1", "push x n 1 1 1 1 1", "push 1 n NaN 1 1 1 1", "push 1 n 1 Infinity 1 1 1",
            "push 1 n 1 1 -1 1 1", "push 1 n 1 -0.5 1 1 1", "push 1 n 1 1 1 1 -1", "push 1 n 1e400 1 1 1 1",
            "push 1 n  1 1 1 1", "push 1 n 1 1 1 1 1 ", "push 1 bad/id 1 1 1 1 1", "push 1 n 0x10 1 1 1 1",
            "push 99999999999999999999 n 1 1 1 1 1", "push 1 n\u00e9 1 1 1 1 1",
            "push 1 " + "n".repeat(129) + " 1 1 1 1 1", "push 1 n " + "1".repeat(2000) + " 1 1 1 1",
        };
        for (String push : pushes) {
            try {
                PushSumCodec.decodePush(push.getBytes(StandardCharsets.UTF_8));
                fail("accepted: " + push);
            } catch (IllegalArgumentException expected) {
                if (expected.getMessage() == null || expected.getMessage().contains("\n")) {
                    fail("no one-line reason for: " + push);
                }
            }
        }
        for (String answer : new String[] {"", "ok", "maybe 1 n 1 1", "ok 1 n 1", "ok 1 n 1 -1", "push 1 n 1 1 1 1 1"}) {
            try {
                PushSumCodec.decodeAnswer(answer.getBytes(StandardCharsets.UTF_8));
                fail("accepted: " + answer);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }

    @Test
    public void epochsOrderByNumberThenBySmallerStarter() {
        Epoch a = new Epoch(1, "node.b");
        assertEquals(true, new Epoch(2, "node.z").isAfter(a));
        assertEquals(true, new Epoch(1, "node.a").isAfter(a));
        assertEquals(false, new Epoch(1, "node.c").isAfter(a));
        assertEquals(false, a.isAfter(new Epoch(1, "node.b")));
        assertEquals(new Epoch(2, "node.q"), a.next("node.q"));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
