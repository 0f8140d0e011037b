package io.grapevine.core.admin;

/**
 * Something that happened on the node.
 *
 * @param seq increasing number of the event on this node
 * @param timeMs wall-clock time in milliseconds
 * @param type what happened, e.g. {@code module-started}
 * @param subject the module or deployment it concerns
 * @param detail free text, may be empty
 */
public record Event(long seq, long timeMs, String type, String subject, String detail) {
}
