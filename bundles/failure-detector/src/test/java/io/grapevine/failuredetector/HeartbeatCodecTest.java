package io.grapevine.failuredetector;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class HeartbeatCodecTest {

    @Test
    public void aTableRoundTripsAsOneMemberPerLine() {
        List<Heartbeat> table = List.of(new Heartbeat("10.0.0.1:8080", 1795274067158L),
                new Heartbeat("[::1]:8081", 0), new Heartbeat("b.example:1", Long.MAX_VALUE));
        byte[] text = HeartbeatCodec.encode(table);
        assertEquals("10.0.0.1:8080 1795274067158\n[::1]:8081 0\nb.example:1 9223372036854775807\n",
                new String(text, StandardCharsets.US_ASCII));
        assertEquals(table, HeartbeatCodec.decode(text));
        assertEquals(List.of(), decode("\n\r\n"));
    }

    @Test
    public void malformedTablesAreRefusedWhole() {
        String[] bad = {"a:1", "a:1 ", "a:1 x", "a:1 -3", "a:1 9223372036854775808", "a:0 1", "a:70000 1",
            "a:1 1 1", "good:1 5\nbad 5", "a:1 1\u0007", "\u00ff:1 1", " a:1 1"};
        for (String body : bad) {
            try {
                decode(body);
                fail("accepted " + body);
            } catch (IllegalArgumentException expected) {
                assertTrue(!expected.getMessage().isBlank());
            }
        }
    }

    @Test
    public void overSixtyFourKibibytesOrAThousandEntriesIsRefusedAndNeverSent() {
        List<Heartbeat> many = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.add(new Heartbeat("10.0." + i / 250 + "." + i % 250 + ":1", i));
            text.append("10.0.").append(i / 250).append('.').append(i % 250).append(":1 ").append(i).append('\n');
        }
        assertRefused(text.toString());
        assertRefused("a:1 1\n" + "\n".repeat(64 * 1024));
        assertEquals(1000, HeartbeatCodec.decode(HeartbeatCodec.encode(many)).size());
    }

    private static List<Heartbeat> decode(String text) {
        return HeartbeatCodec.decode(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String text) {
        try {
            decode(text);
            fail("accepted " + text.length() + " chars");
        } catch (IllegalArgumentException expected) {
            // refused
        }
    }
}
