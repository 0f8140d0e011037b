package io.grapevine.core.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.node.GossipMessage;
import io.grapevine.core.node.Relay;
import io.grapevine.core.node.Roster;
import java.util.List;
import org.junit.Test;

/** The roster rumours a module message carries in a header: compact, exact, and bounded. */
public class RumourHeaderTest {
    private static final DeploymentNumber SENDERS = DeploymentNumber.parse("1764000000000-0-n1");
    private static final DeploymentNumber OLDER = DeploymentNumber.parse("1763000000000-2-n7");

    @Test
    public void rumoursTravelWhole() {
        List<Roster.Entry> rumours = List.of(
                new Roster.Entry("10.0.0.1:8080", SENDERS, 1200, false, null, true),
                new Roster.Entry("[::1]:8081", OLDER, 0, false, "c".repeat(64), false),
                new Roster.Entry("host-b.example:9", null, 5, true, null, false));
        Relay.RosterNews news = new Relay.RosterNews(null, rumours);
        String header = GossipCodec.encodeRumours(news, SENDERS);
        assertEquals("10.0.0.1:8080 1200 = f,[::1]:8081 0 1763000000000-2-n7 a " + "c".repeat(64)
                + ",host-b.example:9 5 - l", header);
        assertEquals(news, GossipCodec.decodeRumours(header, SENDERS));
        assertEquals("", GossipCodec.encodeRumours(Relay.RosterNews.NONE, SENDERS));
        assertEquals(Relay.RosterNews.NONE, GossipCodec.decodeRumours("", SENDERS));
    }

    @Test
    public void theMemberDigestTravelsWithOrWithoutRumours() {
        Relay.RosterNews alone = new Relay.RosterNews(-2L, List.of());
        assertEquals("mfffffffffffffffe;", GossipCodec.encodeRumours(alone, SENDERS));
        assertEquals(alone, GossipCodec.decodeRumours("mfffffffffffffffe;", SENDERS));
        Relay.RosterNews both = new Relay.RosterNews(0x1234L, List.of(new Roster.Entry("10.0.0.1:8080", SENDERS, 7,
                false)));
        assertEquals("m0000000000001234;10.0.0.1:8080 7 = a", GossipCodec.encodeRumours(both, SENDERS));
        assertEquals(both, GossipCodec.decodeRumours(GossipCodec.encodeRumours(both, SENDERS), SENDERS));
    }

    @Test
    public void aMalformedOrOversizedHeaderIsRefusedWithAReason() {
        String one = "10.0.0.1:8080 5 = a";
        for (String bad : new String[] {"10.0.0.1:8080 5 =", "10.0.0.1:8080 -5 = a", "10.0.0.1:8080 x = a",
                "10.0.0.1:8080 5 = z", "not an address 5 = a", "10.0.0.1:8080 5 = a beef", "10.0.0.1:8080 5 bad a",
                "m1234;", "m000000000000000g;", "m0000000000000000", "m0000000000000000;,", "m0000000000000000;m",
                String.join(",", java.util.Collections.nCopies(Roster.PER_MODULE_MESSAGE + 1, one)),
                "x".repeat(GossipCodec.MAX_RUMOUR_CHARS + 1)}) {
            IllegalArgumentException refused = assertThrows(bad, IllegalArgumentException.class,
                    () -> GossipCodec.decodeRumours(bad, SENDERS));
            assertTrue(refused.getMessage(), !refused.getMessage().contains("\n"));
        }
    }

    @Test
    public void aFailureTravelsInCoreMessagesToo() {
        GossipMessage message = new GossipMessage("10.0.0.2:8080", SENDERS, null, null, 1, List.of(), List.of(),
                List.of(new Roster.Entry("10.0.0.1:8080", SENDERS, 30, false, null, true)));
        assertEquals(message.roster(), GossipCodec.decode(GossipCodec.encode(message)).roster());
    }

    @Test
    public void aProbeIsMarkedAsOneAndAnOrdinaryMessageIsNot() {
        GossipMessage probe = new GossipMessage("10.0.0.2:8080", SENDERS, null, null, 1, List.of(), List.of(),
                List.of(), null, true);
        assertTrue(GossipCodec.decode(GossipCodec.encode(probe)).probe());
        GossipMessage ordinary = new GossipMessage("10.0.0.2:8080", SENDERS, null, null, 1, List.of(), List.of(),
                List.of());
        assertFalse(GossipCodec.decode(GossipCodec.encode(ordinary)).probe());
    }
}
