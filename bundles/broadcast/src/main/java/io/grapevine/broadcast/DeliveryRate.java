package io.grapevine.broadcast;

/**
 * The fraction of this node's recent forwards that a peer answered: how many of the peers that
 * peer sampling hands out are alive and reachable (dead ones linger in views until failure
 * detection drops them). Over the last {@link #WINDOW} outcomes, as (answered + 1) / (outcomes +
 * 1), so a node with no history assumes every peer answers.
 */
final class DeliveryRate {
    static final int WINDOW = 128;

    private final boolean[] answered = new boolean[WINDOW];
    private int next;
    private int count;
    private int answers;

    void record(boolean wasAnswered) {
        if (count == WINDOW) {
            answers -= answered[next] ? 1 : 0;
        } else {
            count++;
        }
        answered[next] = wasAnswered;
        answers += wasAnswered ? 1 : 0;
        next = (next + 1) % WINDOW;
    }

    double value() {
        return (answers + 1.0) / (count + 1.0);
    }
}
