package io.grapevine.core.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class RosterTest {
    private static final long FADING = 30_000;
    private static final long GONE = 300_000;
    private static final long NOW = 1_000_000;

    private static Roster roster(Roster.Member... members) {
        return new Roster("self:1", List.of(members));
    }

    private static Roster.Member heard(String address, long silentMs) {
        return new Roster.Member(address, null, NOW - silentMs, false);
    }

    @Test
    public void theStalestMemberNeitherLeftNorFailedIsFadingFromTheFadingAgeOn() {
        assertNull(roster(heard("a:1", FADING - 1)).fading(NOW, FADING));
        assertEquals("a:1", roster(heard("a:1", FADING)).fading(NOW, FADING));
        assertEquals("long silence alone is not failure", "a:1", roster(heard("a:1", GONE * 10)).fading(NOW, FADING));
        assertEquals("c:1", roster(heard("a:1", FADING + 1), heard("b:1", FADING + 2), heard("c:1", GONE + 5),
                heard("d:1", 10)).fading(NOW, FADING));
    }

    @Test
    public void aMemberHeardAgainLeftOrFailedIsNoLongerFading() {
        Roster roster = roster(heard("a:1", FADING + 1), heard("b:1", FADING + 2), heard("c:1", FADING + 3));
        roster.failed("c:1", NOW);
        roster.heard("b:1", null, NOW);
        assertEquals("a:1", roster.fading(NOW, FADING));
        roster.leave("a:1", NOW);
        assertNull(roster.fading(NOW, FADING));
        // An older report of a member changes nothing.
        roster.relayed(new Roster.Entry("b:1", null, FADING + 100, false), NOW);
        assertNull(roster.fading(NOW, FADING));
    }

    @Test
    public void aFailureIsARumourToldAFewTimesAndNewsAfterItRefutesItAndIsOneToo() {
        Roster roster = roster(heard("a:1", 1_000), heard("b:1", 1_000));
        assertTrue("nothing new: nothing to tell", roster.rumours(4, NOW, true).isEmpty());
        roster.failed("a:1", NOW - 10);
        roster.relayed(new Roster.Entry("b:1", null, 20, false, null, true), NOW);
        List<Roster.Entry> told = roster.rumours(4, NOW, true);
        assertEquals(List.of("b:1", "a:1"), told.stream().map(Roster.Entry::address).toList());
        assertTrue(told.stream().allMatch(Roster.Entry::failed));
        assertEquals("the failure's age, not the news'", 10, told.get(1).ageMs());
        roster.relayed(new Roster.Entry("a:1", null, 2_000, false, null, true), NOW);
        assertEquals("an older failure changes nothing", NOW - 10, roster.members().stream()
                .filter(m -> m.address().equals("a:1")).findFirst().orElseThrow().failedAt());
        for (int i = 0; i < 100; i++) {
            roster.toldOnce(4, NOW);
        }
        assertTrue("told enough times", roster.rumours(4, NOW, true).isEmpty());
        roster.relayed(new Roster.Entry("a:1", null, 5, false), NOW);
        assertEquals("heard after its failure", List.of("a:1"), roster.rumours(4, NOW, true).stream()
                .map(Roster.Entry::address).toList());
        assertFalse(roster.rumours(4, NOW, true).get(0).failed());
        roster.failed("unknown:1", NOW);
        assertTrue("a failure does not make a member", roster.members().stream()
                .noneMatch(m -> m.address().equals("unknown:1")));
    }

    @Test
    public void twoNodesThatKnowTheSameMembersHaveTheSameDigestWhoeverTheyAre() {
        Roster a = new Roster("a:1", List.of());
        Roster b = new Roster("b:1", List.of());
        assertNotEquals(a.digest(), b.digest());
        a.heard("b:1", null, null, NOW);
        a.heard("c:1", null, null, NOW);
        b.relayed(new Roster.Entry("c:1", null, 5, false), NOW);
        assertNotEquals("b does not know a yet", a.digest(), b.digest());
        b.heard("a:1", null, null, NOW);
        assertEquals(a.digest(), b.digest());
        b.leave("c:1", NOW + 1);
        assertEquals("a member that left is still a member known", a.digest(), b.digest());
        b.tidy(NOW + 2 + Roster.FORGET_LEFT_AFTER_MS);
        assertNotEquals("one forgotten is not", a.digest(), b.digest());
    }

    @Test
    public void aRumourHeardBackFromAFewPeersThatKnewItIsToldNoMore() {
        List<Roster.Member> many = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(heard("m:" + i, 1_000));
        }
        Roster roster = roster(many.toArray(Roster.Member[]::new));
        roster.failed("m:1", NOW - 10);
        roster.relayed(new Roster.Entry("m:1", null, 5, false), NOW); // news of it after: it is back
        roster.relayed(new Roster.Entry("m:1", null, 4, false), NOW);
        roster.relayed(new Roster.Entry("m:1", null, 3, false), NOW);
        assertEquals("heard back twice: still told", List.of("m:1"), roster.rumours(4, NOW, true).stream()
                .map(Roster.Entry::address).toList());
        roster.relayed(new Roster.Entry("m:1", null, 20, false, null, true), NOW);
        assertEquals("a peer that says otherwise (an older failure) did not know it", 1, roster.rumours(4, NOW, true).size());
        roster.relayed(new Roster.Entry("m:1", null, 1, false), NOW);
        assertTrue("three times: known widely", roster.rumours(4, NOW, true).isEmpty());
    }

    @Test
    public void joinsStopOnceEnoughPeersKnowEveryMemberAndChangesStillGo() {
        Roster roster = new Roster("self:1", List.of());
        roster.heard("a:1", null, null, NOW);
        roster.heard("b:1", null, null, NOW);
        assertTrue(roster.joining());
        assertEquals("to a peer that knows every member, no joins", List.of(), roster.rumours(4, NOW, false));
        roster.failed("a:1", NOW + 1);
        assertEquals("but a failure", List.of("a:1"), roster.rumours(4, NOW + 1, false).stream()
                .map(Roster.Entry::address).toList());
        for (int i = 0; i < 10; i++) {
            roster.peerKnowsAll();
        }
        assertFalse("the join of b was told enough", roster.joining());
        assertEquals("the failure of a is still to tell", List.of("a:1"), roster.rumours(4, NOW + 1, true).stream()
                .map(Roster.Entry::address).toList());
    }

    @Test
    public void aMemberThatLeftIsBroughtBackByItsCoreNotByItsModulesTraffic() {
        Roster roster = roster(heard("a:1", 10));
        roster.leave("a:1", NOW);
        roster.heard("a:1", null, NOW + 1);
        assertTrue("module traffic after the leave", roster.members().get(0).left());
        roster.heard("a:1", null, null, NOW + 2);
        assertFalse("its core spoke", roster.members().get(0).left());
    }

    @Test
    public void aLeftMemberIsForgottenADayAfterItLeftUnlessItCameBack() {
        Roster roster = roster(heard("a:1", 10), heard("b:1", 10));
        roster.leave("a:1", NOW);
        roster.leave("b:1", NOW);
        roster.heard("b:1", null, null, NOW + 1);
        assertTrue("the leave changed the membership", roster.tidy(NOW + 2));
        assertFalse(roster.tidy(NOW + Roster.FORGET_LEFT_AFTER_MS));
        assertTrue(roster.tidy(NOW + Roster.FORGET_LEFT_AFTER_MS + 1));
        assertEquals(List.of("b:1"), roster.members().stream().map(Roster.Member::address).toList());
        assertFalse(roster.members().get(0).left());
    }

    @Test
    public void aRosterRelaysTwiceAsManyMembersForAMinuteAfterItLearnedOfANewOneThenTheUsualFew() {
        java.util.Random random = new java.util.Random(7);
        Roster.Member[] stored = new Roster.Member[100];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = heard("m" + i + ":1", 10 + i);
        }
        Roster roster = roster(stored);
        assertEquals("members restored from disk are not news", Roster.PER_MESSAGE, roster.sample(random, NOW).size());
        roster.heard("known:1", null, NOW);
        assertEquals(Roster.PER_MESSAGE * 2, roster.sample(random, NOW).size());
        assertEquals(Roster.PER_MESSAGE * 2, roster.sample(random, NOW + Roster.GROWING_MS - 1).size());
        assertEquals(Roster.PER_MESSAGE, roster.sample(random, NOW + Roster.GROWING_MS).size());
        roster.heard("known:1", null, NOW + Roster.GROWING_MS);
        assertEquals("hearing a known member again is not growth", Roster.PER_MESSAGE,
                roster.sample(random, NOW + Roster.GROWING_MS).size());
        roster.relayed(new Roster.Entry("new:1", null, 5_000, false), NOW + Roster.GROWING_MS + 1);
        assertEquals("a member relayed by a peer counts as from when we learned of it", Roster.PER_MESSAGE * 2,
                roster.sample(random, NOW + Roster.GROWING_MS + 1).size());
        java.util.Set<String> distinct = new java.util.HashSet<>();
        roster.sample(random, NOW + Roster.GROWING_MS + 1).forEach(entry -> assertTrue(distinct.add(entry.address())));
    }
}
