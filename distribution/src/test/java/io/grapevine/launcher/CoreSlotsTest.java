package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/** The launcher's decisions about cores, free of disk and clock: a start, a switch, a probation's end. */
public class CoreSlotsTest {
    private static final String SHIPPED = "a".repeat(64);
    private static final String V2 = "b".repeat(64);
    private static final String V3 = "c".repeat(64);

    /** The slots of a node that switched to {@code V2}, before its first boot of it. */
    private static CoreSlots switched() {
        return CoreSlots.NONE.boot(SHIPPED, null, null).record().switchTo(V2, SHIPPED);
    }

    @Test
    public void aFirstStartBootsTheShippedCore() {
        CoreSlots.Boot boot = CoreSlots.NONE.boot(SHIPPED, null, null);
        assertFalse(boot.candidate());
        assertNull(boot.record().good());
        assertEquals(SHIPPED, boot.record().shipped());
        assertEquals("good aaaaaaaaaaaa 0.1.0", boot.record().line(false, SHIPPED, "0.1.0"));
    }

    @Test
    public void aSwitchBootsTheCandidateOnProbationAndCountsTheBoot() {
        CoreSlots.Boot boot = switched().boot(SHIPPED, null, V2);
        assertTrue(boot.candidate());
        assertEquals(1, boot.record().attempts());
        assertEquals("probation bbbbbbbbbbbb 0.2.0", boot.record().line(true, V2, "0.2.0"));
    }

    @Test
    public void aCandidateThatPassesIsTheKnownGoodCoreAtTheNextStart() {
        CoreSlots passed = switched().boot(SHIPPED, null, V2).record().passed();
        assertEquals(V2, passed.good());
        assertNull(passed.candidate());
        CoreSlots.Boot next = passed.boot(SHIPPED, V2, null);
        assertFalse(next.candidate());
        assertEquals(V2, next.record().good());
    }

    @Test
    public void aCandidateThatFailsIsRecordedBadAndNeverTriedAgain() {
        CoreSlots failed = switched().boot(SHIPPED, null, V2).record().failed("no answer to /core/status within 60 s");
        assertEquals(List.of(V2), failed.bad());
        assertEquals("reverted bbbbbbbbbbbb no answer to /core/status within 60 s", failed.line(false, SHIPPED, "0.1.0"));
        assertFalse(failed.boot(SHIPPED, null, V2).candidate());
        assertSame(failed, failed.switchTo(V2, SHIPPED));
    }

    @Test
    public void theProcessDyingTwiceDuringProbationRevertsAtTheThirdStart() {
        CoreSlots first = switched().boot(SHIPPED, null, V2).record();
        CoreSlots.Boot second = first.boot(SHIPPED, null, V2); // the process died in the first boot
        assertTrue(second.candidate());
        assertEquals(2, second.record().attempts());
        CoreSlots.Boot third = second.record().boot(SHIPPED, null, V2); // and in the second
        assertFalse(third.candidate());
        assertEquals(List.of(V2), third.record().bad());
        assertEquals("bbbbbbbbbbbb the process died 2 times during probation", third.record().reverted());
    }

    @Test
    public void aCleanStopDuringProbationIsNoDeath() {
        CoreSlots stopped = switched().boot(SHIPPED, null, V2).record().stoppedCleanly();
        assertEquals(0, stopped.attempts());
        assertTrue(stopped.boot(SHIPPED, null, V2).candidate());
    }

    @Test
    public void aSwitchToTheRunningCoreChangesNothing() {
        CoreSlots slots = CoreSlots.NONE.boot(SHIPPED, null, null).record();
        assertSame(slots, slots.switchTo(SHIPPED, SHIPPED));
    }

    @Test
    public void aNewerCandidateDuringProbationTakesItsPlace() {
        CoreSlots onV3 = switched().boot(SHIPPED, null, V2).record().switchTo(V3, V2);
        assertEquals(V3, onV3.candidate());
        assertEquals(0, onV3.attempts());
        assertEquals(List.of(), onV3.bad());
    }

    @Test
    public void aMissingOrDamagedJarIsNeverBooted() {
        CoreSlots good = switched().boot(SHIPPED, null, V2).record().passed();
        CoreSlots.Boot damaged = good.boot(SHIPPED, "d".repeat(64), null);
        assertNull("the shipped core boots", damaged.record().good());
        CoreSlots.Boot gone = switched().boot(SHIPPED, null, null);
        assertFalse(gone.candidate());
        assertNull(gone.record().candidate());
    }

    @Test
    public void aNodeInstalledWithAnotherShippedCoreBootsThatOne() {
        CoreSlots good = switched().boot(SHIPPED, null, V2).record().passed();
        CoreSlots.Boot reinstalled = good.boot(V3, V2, null);
        assertNull(reinstalled.record().good());
        assertEquals(V3, reinstalled.record().shipped());
    }

    @Test
    public void aRevertIsClearedOnceTheConfigurationNamesNoBadCore() {
        CoreSlots failed = switched().boot(SHIPPED, null, V2).record().failed("why");
        assertSame("still named", failed, failed.configured(V2));
        assertNull("rolled back past it", failed.configured(null).reverted());
        assertNull(failed.configured(SHIPPED).reverted());
        assertEquals("good aaaaaaaaaaaa 0.1.0", failed.configured(null).line(false, SHIPPED, "0.1.0"));
        assertEquals("the bad core stays bad", List.of(V2), failed.configured(null).bad());
    }

    @Test
    public void theSlotsSurviveTheirFile() throws Exception {
        CoreSlots slots = switched().boot(SHIPPED, null, V2).record().failed("no core gossip exchange with a peer within 60 s")
                .switchTo(V3, SHIPPED);
        Path file = Files.createTempFile("state", ".properties");
        try {
            Files.writeString(file, CoreFiles.write(slots));
            assertEquals(slots, CoreFiles.read(file));
        } finally {
            Files.delete(file);
        }
    }
}
