package io.grapevine.module.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class AgedAddressCodecTest {
    private record Member(String member, int age) implements AgedAddress {
    }

    private static final AgedAddressCodec<Member> CODEC = new AgedAddressCodec<>("view", Member::new);

    @Test
    public void aViewRoundTripsAsOneMemberPerLine() {
        List<Member> view = List.of(new Member("10.0.0.1:8080", 0), new Member("node-b.example:9000", 7),
                new Member("[::1]:8081", 3));
        byte[] text = CODEC.encode(view);
        assertEquals("10.0.0.1:8080 0\nnode-b.example:9000 7\n[::1]:8081 3\n",
                new String(text, StandardCharsets.US_ASCII));
        assertEquals(view, CODEC.decode(text));
    }

    @Test
    public void plainHostPortLinesAreAgeZeroAndBlankLinesAndCarriageReturnsAreIgnored() {
        assertEquals(List.of(new Member("a:1", 0), new Member("b:2", 5)), decode("a:1\r\n\nb:2 5\n"));
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
        assertRefused(many.toString(), "view of more than 1000 entries");
        assertRefused("a:1 0\n" + " ".repeat(64 * 1024), "view of 65542 bytes, over 65536");
        assertEquals(1000, decode(many.substring(0, many.indexOf("10.0.4.0:1"))).size());
    }

    @Test
    public void refusalsNameTheModulesMessage() {
        AgedAddressCodec<Member> shuffles = new AgedAddressCodec<>("shuffle", Member::new);
        try {
            shuffles.decode("a:1 zero\n".getBytes(StandardCharsets.US_ASCII));
            fail("accepted a bad age");
        } catch (IllegalArgumentException expected) {
            assertEquals("malformed shuffle line: a:1 zero", expected.getMessage());
        }
    }

    @Test
    public void encodingStopsAtTheBounds() {
        List<Member> many = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            many.add(new Member("host-" + i + ".example:8080", i));
        }
        assertEquals(1000, CODEC.decode(CODEC.encode(many)).size());
        List<Member> long_ = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            long_.add(new Member("h".repeat(200) + i + ":8080", 1));
        }
        byte[] text = CODEC.encode(long_);
        assertTrue(text.length <= AgedAddressCodec.MAX_BYTES);
        assertEquals(CODEC.decode(text), long_.subList(0, CODEC.decode(text).size()));
    }

    private static List<Member> decode(String text) {
        return CODEC.decode(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String text, String reason) {
        try {
            decode(text);
            fail("accepted " + text.length() + " chars");
        } catch (IllegalArgumentException expected) {
            assertEquals(reason, expected.getMessage());
        }
    }
}
