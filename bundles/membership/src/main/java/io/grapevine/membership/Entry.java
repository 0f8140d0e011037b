package io.grapevine.membership;

import io.grapevine.module.support.AgedAddress;
import io.grapevine.module.support.AgedAddressCodec;

/**
 * One member of a view: its address (host:port, how peers reach its node) and its age, the rounds
 * since the member itself last vouched for being alive (0 in a message the member sent itself).
 */
public record Entry(String member, int age) implements AgedAddress {
    /** A view on the wire: one member and its age a line. */
    static final AgedAddressCodec<Entry> CODEC = new AgedAddressCodec<>("view", Entry::new);
}
