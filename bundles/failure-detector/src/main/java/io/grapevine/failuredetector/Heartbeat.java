package io.grapevine.failuredetector;

/** A member (host:port) and the highest heartbeat counter known of it. */
public record Heartbeat(String member, long counter) {
}
