package io.grapevine.core.node;

import java.util.ArrayList;
import java.util.List;

/**
 * What this node's core puts on its module messages, as of {@code at}: the newest roster rumours,
 * and at times the {@link Roster#digest} of the members it knows. A peer whose digest is ours knows
 * every member already: it is sent no joins (rumours of members new to us), and counts as told
 * ours, so that once the members are known everywhere the joins stop at once instead of after
 * λ log n tells each (seven minutes of a 100-node start-up). A peer whose digest differs gets
 * members at random besides: what it lacks may be a member every rumour of which missed it.
 *
 * @param members this node's member digest
 * @param sendsDigest the digest goes on our requests: while joins are told, while digests lately
 *     differed, and now and then else
 * @param differing a peer's digest lately differed from ours: requests carry members at random too
 * @param rumours the newest rumours, joins included
 * @param changes the newest rumours that are not joins (failed, back, left)
 * @param anyMembers members picked at random, as news (a failed one then as its failure, so that a
 *     node that never knew it learns it and that it failed)
 */
public record Relay(long members, boolean sendsDigest, boolean differing, List<Roster.Entry> rumours,
        List<Roster.Entry> changes, List<Roster.Entry> anyMembers, long at) {

    /**
     * What goes on a message to a peer whose member digest is {@code theirs} (null when not known,
     * as on a request), the ages as of {@code now}. A reply carries the digest whenever the request
     * did, so that the peer learns whether we know what it knows.
     */
    public RosterNews to(Long theirs, long now) {
        boolean same = theirs != null && theirs == members;
        List<Roster.Entry> told = same ? changes : rumours;
        if (theirs != null ? !same : differing) {
            List<Roster.Entry> more = new ArrayList<>(told);
            for (Roster.Entry any : anyMembers) {
                if (more.size() < Roster.PER_MODULE_MESSAGE
                        && told.stream().noneMatch(entry -> entry.address().equals(any.address()))) {
                    more.add(any);
                }
            }
            told = more;
        }
        long later = Math.max(0, now - at);
        return new RosterNews(sendsDigest || theirs != null ? members : null, told.stream().map(e -> new Roster.Entry(
                e.address(), e.deployment(), e.ageMs() + later, e.left(), e.coreReverted(), e.failed())).toList());
    }

    /** The roster part of a module message: the sender's member digest (null for none) and its rumours. */
    public record RosterNews(Long members, List<Roster.Entry> rumours) {
        public static final RosterNews NONE = new RosterNews(null, List.of());

        public boolean isEmpty() {
            return members == null && rumours.isEmpty();
        }
    }
}
