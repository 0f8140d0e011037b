package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;

/** A candidate core's probation, judged from what the node answers, on a clock the test gives. */
public class ProbationTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration EARLY = Duration.ofSeconds(3);

    @Test
    public void aCandidateThatAnswersAndGossipsPasses() {
        assertSame(Probation.PASS, Probation.judge(EARLY, DEADLINE, null, true, true, true));
    }

    @Test
    public void aNodeWithoutPeersPassesOnItsStatusAlone() {
        assertSame(Probation.PASS, Probation.judge(EARLY, DEADLINE, null, true, false, false));
    }

    @Test
    public void beforeTheDeadlineACandidateMayStillComeUp() {
        assertSame(Probation.WAIT, Probation.judge(EARLY, DEADLINE, null, false, false, false));
        assertSame(Probation.WAIT, Probation.judge(EARLY, DEADLINE, null, true, true, false));
    }

    @Test
    public void atTheDeadlineItFailsSayingWhatWasMissing() {
        Probation.Verdict silent = Probation.judge(DEADLINE, DEADLINE, null, false, false, false);
        assertTrue(silent.done());
        assertFalse(silent.passed());
        assertEquals("no answer to /core/status within 60 s", silent.reason());
        assertEquals("no core gossip exchange with a peer within 60 s",
                Probation.judge(DEADLINE, DEADLINE, null, true, true, false).reason());
    }

    @Test
    public void aCoreThatSaysItCannotStartFailsAtOnce() {
        Probation.Verdict failed = Probation.judge(EARLY, DEADLINE, "cannot read trust.json", false, false, false);
        assertFalse(failed.passed());
        assertEquals("did not start: cannot read trust.json", failed.reason());
    }

    @Test
    public void peersAreTheRendezvousOrWhatTheStatusListsOtherThanTheNodeItself() {
        String alone = "{\"address\":\"h:1\",\"hints\":[],\"roster\":[{\"address\":\"h:1\",\"state\":\"alive\"}]}";
        assertFalse(Probation.hasPeers(alone, false));
        assertTrue(Probation.hasPeers(alone, true));
        assertTrue(Probation.hasPeers("{\"address\":\"h:1\",\"hints\":[{\"address\":\"h:2\"}]}", false));
        assertTrue("a roster restored from disk", Probation.hasPeers(
                "{\"address\":\"h:1\",\"hints\":[],\"roster\":[{\"address\":\"h:2\",\"state\":\"down\"}]}", false));
        assertFalse("a node that left long ago is none", Probation.hasPeers(
                "{\"address\":\"h:1\",\"roster\":[{\"address\":\"h:2\",\"state\":\"left\"}]}", false));
        assertFalse(Probation.hasPeers("{\"address\":\"h:1\",\"roster\":[{\"address\":\"h:2\",\"state\":\"left\","
                + "\"heardMsAgo\":" + Probation.LEFT_RECENTLY_MS + "}]}", false));
        assertFalse(Probation.hasPeers("not json", false));
    }

    @Test
    public void peersThatLeftForTheSameCoreSwitchAreStillPeers() {
        // Every other node restarted onto the candidate first, saying it left: this node must still
        // hear one of them through the candidate, or a core that cannot gossip would pass here.
        String allLeft = "{\"address\":\"h:1\",\"hints\":[],\"roster\":[{\"address\":\"h:1\",\"state\":\"alive\","
                + "\"heardMsAgo\":0},{\"address\":\"h:2\",\"state\":\"left\",\"heardMsAgo\":4000},"
                + "{\"address\":\"h:3\",\"state\":\"left\",\"heardMsAgo\":5000}]}";
        assertTrue(Probation.hasPeers(allLeft, false));
        assertEquals(Probation.Verdict.failed("no core gossip exchange with a peer within 30 s"), Probation.judge(
                Duration.ofSeconds(31), Duration.ofSeconds(30), null, true, Probation.hasPeers(allLeft, false), false));
    }

    @Test
    public void anExchangeIsACoreMessageReceived() {
        String none = "# HELP grapevine_core_messages_received_total Core gossip messages received.\n"
                + "grapevine_core_messages_received_total 0\ngrapevine_module_messages_received_total 12\n";
        assertFalse(Probation.exchanged(none));
        assertTrue(Probation.exchanged("grapevine_core_messages_received_total 3\n"));
        assertFalse(Probation.exchanged(""));
    }

    @Test
    public void theConfiguredCoreIsTheModuleNamedCore() {
        String config = "{\"deployment\":\"1-0-n\",\"modules\":[{\"name\":\"io.grapevine.example.counter\",\"sha256\":\"x\"},"
                + "{\"name\":\"core\",\"sha256\":\"abc\"}]}";
        assertEquals("abc", Probation.configuredCore(config));
        assertNull(Probation.configuredCore("{\"deployment\":null,\"modules\":[]}"));
        assertNull(Probation.configuredCore(""));
    }
}
