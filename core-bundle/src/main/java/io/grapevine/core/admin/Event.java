package io.grapevine.core.admin;

/**
 * One thing that happened on this node, as {@code GET /core/events} lists it.
 *
 * @param seq increasing number of the event on this node
 * @param timeMs wall-clock time in milliseconds
 * @param type what happened, e.g. {@code module-started} or {@value #OUTSIDE_CHANGE_REVERTED}
 * @param subject the module or deployment it concerns
 * @param detail free text, may be empty
 */
public record Event(long seq, long timeMs, String type, String subject, String detail) {

    /** A module bundle changed outside the core (the Bundles page, Gogo's install) was put back. */
    public static final String OUTSIDE_CHANGE_REVERTED = "outside-change-reverted";
}
