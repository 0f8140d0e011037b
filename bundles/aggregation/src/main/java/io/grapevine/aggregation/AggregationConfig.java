package io.grapevine.aggregation;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Every knob of the aggregation module, with its default: the one place where they live. Set them
 * through Configuration Admin under the component's name ({@code io.grapevine.aggregation.AggregationModule});
 * {@link AggregationSettings#from} checks their ranges.
 */
@ObjectClassDefinition(name = "Grapevine aggregation (push-sum)",
        description = "Push-sum for the cluster's average and size. Time is counted in rounds of "
                + "roundIntervalMs; every node sends one message per round.")
public @interface AggregationConfig {

    @AttributeDefinition(description = "Time between two pushes of one node (default 1000 ms). Push-sum "
            + "converges in rounds (about 20 rounds to 1 % for 100 nodes, growing with log N), so a "
            + "shorter round converges sooner in wall time, at one ~100-byte message per node per round.")
    long roundIntervalMs() default 1000;

    @AttributeDefinition(description = "Rounds per epoch (default 40). The epoch's leader restarts "
            + "push-sum from fresh values every epoch, so the estimate follows nodes that left (their "
            + "mass left with them) within one to two epochs. Must exceed the convergence time (~25 "
            + "rounds for the count at 100 nodes); longer epochs end more precise but follow departures "
            + "more slowly.")
    int epochRounds() default 40;

    @AttributeDefinition(description = "Extra rounds a node that is not the leader waits before it "
            + "starts the next epoch itself (default 20): the leader is presumed gone. Must exceed the "
            + "rounds an epoch takes to spread (push-pull, ~log3 N + ln ln N, 7 at 100 nodes), or nodes "
            + "compete to lead; the largest-numbered epoch wins, so competition costs only rounds.")
    int graceRounds() default 20;

    @AttributeDefinition(description = "Rounds of estimates behind the error estimate (default 5). The "
            + "error is the spread (max - min) of this node's and its peers' estimates over that many "
            + "rounds: more rounds give a safer (larger) bound that shrinks later.")
    int errorWindowRounds() default 5;

    @AttributeDefinition(description = "A new epoch's estimate replaces the last epoch's final one as "
            + "soon as its error is no larger than the old one's, or than this fraction of its value "
            + "(default 0.01, i.e. 1 %). Smaller keeps the older, more converged estimate longer.")
    double handoverRelativeError() default 0.01;

    @AttributeDefinition(description = "How long a push may take before it counts as lost and its "
            + "mass returns to the sender (default 800 ms; below the round interval). A push that "
            + "arrived but whose answer was lost is then counted twice until the next epoch.")
    long exchangeTimeoutMs() default 800;
}
