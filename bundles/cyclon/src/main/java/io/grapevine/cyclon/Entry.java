package io.grapevine.cyclon;

/**
 * One neighbour in a CYCLON cache: its address (host:port) and its age, the rounds since the
 * neighbour itself put this entry in circulation (0 in a shuffle the neighbour sent itself).
 */
public record Entry(String member, int age) {
}
