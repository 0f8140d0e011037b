package io.grapevine.membership;

/**
 * One member of a view: its address (host:port, how peers reach its node) and its age, the rounds
 * since the member itself last vouched for being alive (0 in a message the member sent itself).
 */
public record Entry(String member, int age) {
}
