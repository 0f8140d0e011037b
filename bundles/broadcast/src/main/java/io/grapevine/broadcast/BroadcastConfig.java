package io.grapevine.broadcast;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Every knob of the broadcast module, with its default: the one place where they live. Set them
 * through Configuration Admin under the component's name ({@code io.grapevine.broadcast.BroadcastModule});
 * {@link BroadcastSettings} checks their ranges.
 */
@ObjectClassDefinition(name = "Grapevine broadcast (Rényi–Erdős)",
        description = "Each node forwards a message the first time it gets it to ceil(ln N + c) random peers.")
public @interface BroadcastConfig {

    @AttributeDefinition(description = "c in the fanout ceil(ln N + c) (default 2). A node is missed by "
            + "all forwarders with probability about e^-(ln N + c) = e^-c / N, so about e^-c nodes are "
            + "missed per message and every node is reached with probability about exp(-e^-c): 0.87 "
            + "for c = 2, 0.95 for c = 3, 0.99 for c = 5 (Erdős–Rényi). Each unit of c costs N more "
            + "messages per broadcast.")
    double fanoutConstant() default 2.0;

    @AttributeDefinition(description = "Upper bound on the fanout (default 32): bounds the work of one "
            + "message on one node whatever the size estimate says.")
    int maxFanout() default 32;

    @AttributeDefinition(description = "Largest message publish accepts, in bytes (default 16384). Every "
            + "node sends it about ln N + c times, so large payloads belong elsewhere.")
    int maxMessageBytes() default 16384;

    @AttributeDefinition(description = "How long a node remembers a message id to drop duplicates "
            + "(default 600000 ms). A message spreads in a few round trips, far less than this; a copy "
            + "arriving after its id is forgotten would be delivered again.")
    long idRetentionMs() default 600_000;

    @AttributeDefinition(description = "Most message ids remembered (default 10000), oldest forgotten "
            + "first: bounds memory (about 100 bytes per id) under a flood of messages.")
    int maxIds() default 10_000;

    @AttributeDefinition(description = "The Aggregation layer's count is used as N only when its "
            + "reported error is at most this fraction of it (default 0.5); otherwise N is the "
            + "Membership view's size + 1, else the core's peers + 1. The fanout grows with ln N, so "
            + "even a coarse N is good enough.")
    double countMaxRelativeError() default 0.5;

    @AttributeDefinition(description = "How long one forward may take before it counts as failed "
            + "(default 2000 ms). Only the origin's statistics use the outcome.")
    long exchangeTimeoutMs() default 2000;
}
