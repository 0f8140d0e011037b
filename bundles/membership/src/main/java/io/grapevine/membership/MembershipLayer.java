package io.grapevine.membership;

import io.grapevine.api.Cancellable;
import io.grapevine.api.layer.Membership;
import io.grapevine.api.layer.MembershipListener;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.module.support.MemberSampler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What other modules see of the membership, through the core's proxies: a snapshot of the view,
 * published by the module after each protocol step, and the listeners to tell of its changes.
 * Thread-safe: layer calls come from any thread, {@link #publish} from the module's thread. A new
 * listener hears the changes from then on; {@link #view()} gives the state so far.
 */
final class MembershipLayer implements Membership, PeerSampling {
    private volatile List<String> view = List.of();
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final MemberSampler sampler = new MemberSampler();
    private final AtomicLong listenerFailures = new AtomicLong();

    @Override
    public List<String> view() {
        return view;
    }

    @Override
    public Cancellable addListener(MembershipListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public List<String> sample(int k) {
        return sampler.sample(view, k);
    }

    /** Draws this node's samples from {@code seed} (the module context's seeded source). */
    void seed(long seed) {
        sampler.seed(seed);
    }

    /** The view is now {@code members}; tells every listener of {@code changes}, in order. */
    void publish(List<String> members, List<MembershipProtocol.Change> changes) {
        view = List.copyOf(members);
        for (MembershipProtocol.Change change : changes) {
            for (MembershipListener listener : listeners) {
                try {
                    if (change.joined()) {
                        listener.joined(change.member());
                    } else {
                        listener.left(change.member());
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
