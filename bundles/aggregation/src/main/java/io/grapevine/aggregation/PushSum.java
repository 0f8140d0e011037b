package io.grapevine.aggregation;

import io.grapevine.aggregation.PushSumCodec.Answer;
import io.grapevine.aggregation.PushSumCodec.Push;
import io.grapevine.api.layer.Estimate;
import java.util.List;
import java.util.Random;

/**
 * Push-sum (Kempe, Dobra, Gehrke, "Gossip-based computation of aggregate information", FOCS 2003)
 * for the average and the count, free of I/O and of the clock: the driver passes {@code now} and
 * what arrived, and sends the {@link Send}s it gets back; {@link #nextWakeup()} says when to call
 * {@link #tick} again. Not thread-safe: the driver serializes calls.
 *
 * <p><b>The protocol.</b> A node holds a mass (s_value, s_indicator, w). Every round it keeps half
 * and pushes half to one peer from peer sampling; a receiver adds what it gets. Mass is conserved,
 * so at every node s_value/w tends to Σvalue/N, the average, and s_indicator/w to Σindicator/N.
 *
 * <p><b>The count.</b> One node per epoch, the epoch's starter, holds indicator 1, all others 0
 * (the average of an indicator with a single initiator), so s_indicator/w tends to 1/N and the
 * count is its inverse, w/s_indicator. Both share the weight w = 1 per node, so one message
 * carries both aggregates.
 *
 * <p><b>Epochs.</b> A node that left took its mass with it, so the sums drift; epochs restart
 * push-sum from fresh values. An epoch is (number, starter) and the greater one wins
 * ({@link Epoch}): a node that hears of a greater epoch drops its mass and joins it with fresh
 * mass (s_value = its value, s_indicator = 0, w = 1); one that hears of a smaller one refuses the
 * push and answers with its own epoch, so the sender joins. At boot every node starts epoch 0
 * itself, and the smallest id wins within a few rounds. The epoch's starter is its leader: it
 * starts the next epoch after {@code epochRounds} rounds; any other node does so only after
 * {@code epochRounds + graceRounds} rounds in the epoch (the leader is then presumed gone).
 *
 * <p><b>Changing values.</b> {@link #setLocalValue} adds the change to s_value, which moves the sum
 * by exactly the change: the average follows within the epoch, with no restart.
 *
 * <p><b>Lost messages.</b> A push that fails (peer down, refused, other version) gives its mass
 * back to the sender. A push that timed out after it arrived is then counted twice: the estimate
 * is off until the next epoch, which is one more reason for epochs.
 *
 * <p><b>Error.</b> See {@link ErrorWindow}: the reported error of the average is the spread of the
 * estimates seen in the last {@code errorWindowRounds} rounds (infinite before that many rounds);
 * that of the count maps the spread of 1/N estimates back to counts. Until the current epoch's
 * estimate is good (its error at most the last epoch's final error, or within
 * {@code handoverRelativeError} of its value), the last epoch's final estimate is reported, and
 * from then on the current one.
 */
final class PushSum {
    /** A floor under the error: the rounding of a few hundred additions of doubles. */
    static final double ROUNDING = 1e-12;

    /** A push for the driver to send to {@code peer}; hand the answer to {@link #answered}. */
    record Send(String peer, Push push) {
    }

    private final String self;
    private final AggregationSettings settings;
    private final ErrorWindow window;
    private double value;
    private Epoch epoch;
    private int roundsInEpoch;
    private double sValue;
    private double sIndicator;
    private double weight;
    private Estimate lastAverage;
    private Estimate lastCount;
    private long nextRoundAt;
    private final Counters counters = new Counters();

    /** What happened so far, for operators. */
    static final class Counters {
        long rounds;
        long epochsStarted;
        long epochsJoined;
        long pushesSent;
        long pushesReceived;
        long refused;
        long failed;
    }

    PushSum(String self, AggregationSettings settings, Random random, double value, long now) {
        this.self = self;
        this.settings = settings;
        this.window = new ErrorWindow(settings.errorWindowRounds());
        this.value = value;
        // A random phase, so that nodes started together do not push in lockstep.
        this.nextRoundAt = now + (long) (random.nextDouble() * settings.roundIntervalMs());
        start(new Epoch(0, self));
    }

    /**
     * A round, when one is due: maybe a new epoch, then half the mass to the first of
     * {@code candidates} (random peers from peer sampling; none means keep it all).
     */
    List<Send> tick(long now, List<String> candidates) {
        if (now < nextRoundAt) {
            return List.of();
        }
        nextRoundAt = Math.max(nextRoundAt + settings.roundIntervalMs(), now + 1);
        counters.rounds++;
        roundsInEpoch++;
        boolean leader = epoch.starter().equals(self);
        int length = settings.epochRounds() + (leader ? 0 : settings.graceRounds());
        if (roundsInEpoch > length) {
            start(epoch.next(self));
            roundsInEpoch = 1;
        }
        window.nextRound(averageEstimate(), inverseEstimate());
        // Once this epoch's estimate took over, it stays: the last epoch's would go stale.
        if (lastAverage != null && supersedes(currentAverage(), lastAverage)) {
            lastAverage = null;
        }
        if (lastCount != null && supersedes(currentCount(), lastCount)) {
            lastCount = null;
        }
        if (candidates.isEmpty() || candidates.get(0).equals(self)) {
            return List.of();
        }
        Push push = new Push(epoch, sValue / 2, sIndicator / 2, weight / 2, averageEstimate(), inverseEstimate());
        take(push, -1);
        counters.pushesSent++;
        return List.of(new Send(candidates.get(0), push));
    }

    long nextWakeup() {
        return nextRoundAt;
    }

    /** A peer's push arrived; returns the answer to send back. */
    Answer receive(Push push) {
        counters.pushesReceived++;
        if (push.epoch().isAfter(epoch)) {
            join(push.epoch());
        } else if (epoch.isAfter(push.epoch())) {
            counters.refused++;
            return answer(false);
        }
        take(push, +1);
        window.sample(push.average(), push.inverse());
        window.sample(averageEstimate(), inverseEstimate());
        return answer(true);
    }

    /** The peer answered our push. */
    void answered(Send send, Answer answer) {
        boolean sameEpoch = send.push().epoch().equals(epoch);
        if (answer.accepted()) {
            if (sameEpoch && answer.epoch().equals(epoch)) {
                window.sample(answer.average(), answer.inverse());
            }
            return;
        }
        if (sameEpoch) {
            take(send.push(), +1);
        }
        if (answer.epoch().isAfter(epoch)) {
            join(answer.epoch());
        }
    }

    /** The push did not arrive (as far as we know): its mass comes back. */
    void failed(Send send) {
        counters.failed++;
        if (send.push().epoch().equals(epoch)) {
            take(send.push(), +1);
        }
    }

    /** This node's value changed: the change goes into the current epoch's sum at once. */
    void setLocalValue(double newValue) {
        sValue += newValue - value;
        value = newValue;
    }

    double localValue() {
        return value;
    }

    /** The reported average: the last epoch's final one until this epoch's supersedes it. */
    Estimate average() {
        Estimate current = currentAverage();
        return supersedes(current, lastAverage) ? current : lastAverage;
    }

    /** The reported count, chosen as {@link #average()} is. */
    Estimate count() {
        Estimate current = currentCount();
        return supersedes(current, lastCount) ? current : lastCount;
    }

    Epoch epoch() {
        return epoch;
    }

    int roundsInEpoch() {
        return roundsInEpoch;
    }

    Counters counters() {
        return counters;
    }

    Estimate currentAverage() {
        double estimate = averageEstimate();
        if (!window.full()) {
            return new Estimate(estimate, Double.POSITIVE_INFINITY);
        }
        return new Estimate(estimate, Math.max(window.averageSpread(), ROUNDING * Math.abs(estimate)));
    }

    Estimate currentCount() {
        double inverse = inverseEstimate();
        if (inverse <= 0) {
            return new Estimate(1, Double.POSITIVE_INFINITY); // no indicator mass here yet
        }
        double count = 1 / inverse;
        double lowest = window.lowestInverse();
        if (!window.full() || lowest <= 0) {
            return new Estimate(count, Double.POSITIVE_INFINITY);
        }
        double error = Math.max(1 / lowest - count, count - 1 / window.highestInverse());
        return new Estimate(count, Math.max(error, ROUNDING * count));
    }

    /** Whether this epoch's estimate is good enough to replace the last epoch's final one. */
    private boolean supersedes(Estimate current, Estimate last) {
        return last == null || current.error() <= last.error()
                || current.error() <= settings.handoverRelativeError() * Math.abs(current.value());
    }

    private double averageEstimate() {
        return weight > 0 ? sValue / weight : value;
    }

    private double inverseEstimate() {
        return weight > 0 ? sIndicator / weight : 0;
    }

    private void take(Push push, int sign) {
        sValue += sign * push.value();
        sIndicator += sign * push.indicator();
        weight += sign * push.weight();
    }

    private Answer answer(boolean accepted) {
        return new Answer(accepted, epoch, averageEstimate(), inverseEstimate());
    }

    /** Starts an epoch of our own: we hold the count's indicator. */
    private void start(Epoch started) {
        reset(started, 1);
        counters.epochsStarted++;
    }

    /** Joins a greater epoch another node started, with fresh mass. */
    private void join(Epoch greater) {
        reset(greater, 0);
        counters.epochsJoined++;
    }

    private void reset(Epoch next, double indicator) {
        // An epoch that ran its course leaves its final estimates; one that lost to a rival of the
        // same number (at boot) covered only part of the cluster, so its estimates are dropped.
        if (epoch != null && next.number() > epoch.number()) {
            lastAverage = average();
            lastCount = count();
        }
        epoch = next;
        roundsInEpoch = 0;
        sValue = value;
        sIndicator = indicator;
        weight = 1;
        window.reset();
    }
}
