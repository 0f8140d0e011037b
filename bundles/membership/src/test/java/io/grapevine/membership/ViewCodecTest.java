package io.grapevine.membership;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class ViewCodecTest {

    @Test
    public void aViewRoundTripsAsOneMemberPerLine() {
        List<Entry> view = List.of(new Entry("10.0.0.1:8080", 0), new Entry("node-b.example:9000", 7),
                new Entry("[::1]:8081", 3));
        byte[] text = ViewCodec.encode(view);
        assertEquals("10.0.0.1:8080 0\nnode-b.example:9000 7\n[::1]:8081 3\n",
                new String(text, StandardCharsets.US_ASCII));
        assertEquals(view, ViewCodec.decode(text));
    }

    @Test
    public void plainHostPortLinesAreAgeZeroAndBlankLinesAndCarriageReturnsAreIgnored() {
        assertEquals(List.of(new Entry("a:1", 0), new Entry("b:2", 5)), decode("a:1\r\n\nb:2 5\n"));
        assertEquals(List.of(), decode(""));
    }

    @Test
    public void malformedViewsAreRefusedWhole() {
        String[] bad = {"nohostport", "a:1 x", "a:1 -1", "a:0", "a:65536", "a:1 2 3", "a b:1", "a:1  2",
            "a:1 99999999", "good:1 0\nbad", "a:1\u0000", "h\u00e9:1", ":1", "a:123456"};
        for (String body : bad) {
            try {
                decode(body);
                fail("accepted " + body);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), !expected.getMessage().isBlank());
            }
        }
    }

    @Test
    public void overSixtyFourKibibytesOrAThousandEntriesIsRefused() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.append("10.0.").append(i / 250).append('.').append(i % 250).append(":1 0\n");
        }
        assertRefused(many.toString());
        assertRefused("a:1 0\n" + " ".repeat(64 * 1024));
        assertEquals(1000, decode(many.substring(0, many.indexOf("10.0.4.0:1"))).size());
    }

    @Test
    public void encodingStopsAtTheBounds() {
        List<Entry> many = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            many.add(new Entry("host-" + i + ".example:8080", i));
        }
        assertEquals(1000, ViewCodec.decode(ViewCodec.encode(many)).size());
        List<Entry> long_ = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            long_.add(new Entry("h".repeat(200) + i + ":8080", 1));
        }
        byte[] text = ViewCodec.encode(long_);
        assertTrue(text.length <= ViewCodec.MAX_BYTES);
        assertEquals(ViewCodec.decode(text), long_.subList(0, ViewCodec.decode(text).size()));
    }

    private static List<Entry> decode(String text) {
        return ViewCodec.decode(text.getBytes(StandardCharsets.UTF_8));
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
