package io.grapevine.cyclon;

import io.grapevine.module.support.AgedAddress;
import io.grapevine.module.support.AgedAddressCodec;

/**
 * One neighbour in a CYCLON cache: its address (host:port) and its age, the rounds since the
 * neighbour itself put this entry in circulation (0 in a shuffle the neighbour sent itself).
 */
public record Entry(String member, int age) implements AgedAddress {
    /** A shuffle and its answer on the wire: one member and its age a line. */
    static final AgedAddressCodec<Entry> CODEC = new AgedAddressCodec<>("shuffle", Entry::new);
}
