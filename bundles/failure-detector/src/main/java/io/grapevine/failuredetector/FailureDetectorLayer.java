package io.grapevine.failuredetector;

import io.grapevine.api.Cancellable;
import io.grapevine.api.layer.FailureDetector;
import io.grapevine.api.layer.FailureListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What other modules see of the failure detector, through the core's proxy: a snapshot of the
 * suspected set, published by the module after each protocol step, and the listeners to tell of
 * suspicions and recoveries. Thread-safe. A new listener hears changes from then on;
 * {@link #suspected()} gives the state so far.
 */
final class FailureDetectorLayer implements FailureDetector {
    private volatile Set<String> suspected = Set.of();
    private final List<FailureListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong listenerFailures = new AtomicLong();

    @Override
    public Set<String> suspected() {
        return suspected;
    }

    @Override
    public Cancellable addListener(FailureListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The suspected set is now {@code members}; tells every listener of {@code changes}, in order. */
    void publish(Set<String> members, List<HeartbeatProtocol.Change> changes) {
        suspected = Set.copyOf(members);
        for (HeartbeatProtocol.Change change : changes) {
            for (FailureListener listener : listeners) {
                try {
                    if (change.suspected()) {
                        listener.suspected(change.member());
                    } else {
                        listener.recovered(change.member());
                    }
                } catch (RuntimeException e) {
                    listenerFailures.incrementAndGet();
                }
            }
        }
    }

    long listenerFailures() {
        return listenerFailures.get();
    }
}
