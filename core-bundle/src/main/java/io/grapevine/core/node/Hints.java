package io.grapevine.core.node;

import io.grapevine.core.config.DeploymentNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The peers the core may gossip with: the static rendezvous addresses (never dropped) plus at most
 * {@code max} learned addresses, the most recently heard kept. Remembers, per peer, the deployment
 * last heard from it, so an operator can watch a rollout converge. Not thread-safe.
 */
final class Hints {
    private final String self;
    private final Set<String> rendezvous;
    private final int max;
    private final LinkedHashMap<String, Long> learned = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, PeerHeard> heard = new LinkedHashMap<>();

    Hints(String self, List<String> rendezvous, int max) {
        this.self = self;
        this.rendezvous = new LinkedHashSet<>(rendezvous);
        this.rendezvous.remove(self);
        this.max = max;
    }

    /** Records {@code peer} as alive and reachable, evicting the least recently heard past the bound. */
    void learn(String peer, long now) {
        if (peer == null || peer.equals(self) || rendezvous.contains(peer)) {
            return;
        }
        learned.put(peer, now);
        while (learned.size() > max) {
            String eldest = learned.keySet().iterator().next();
            learned.remove(eldest);
            heard.remove(eldest);
        }
    }

    void heardFrom(String peer, DeploymentNumber deployment, long now) {
        if (peer != null && !peer.equals(self)) {
            heard.put(peer, new PeerHeard(deployment, now));
        }
    }

    /** A peer that failed to answer: forgotten, unless it is a rendezvous address. */
    void failed(String peer) {
        if (learned.remove(peer) != null) {
            heard.remove(peer);
        }
    }

    List<String> all() {
        List<String> all = new ArrayList<>(rendezvous);
        all.addAll(learned.keySet());
        return all;
    }

    /** Up to {@code count} distinct random peers. */
    List<String> sample(Random random, int count) {
        return pick(random, count, all());
    }

    /**
     * Up to {@code count} random peers not known to run {@code deployment} or newer; pushing news to
     * a peer we heard it from already would be wasted.
     */
    List<String> sampleBehind(Random random, int count, DeploymentNumber deployment) {
        List<String> pool = new ArrayList<>();
        for (String peer : all()) {
            PeerHeard last = heard.get(peer);
            if (last == null || last.deployment() == null || deployment.isAfter(last.deployment())) {
                pool.add(peer);
            }
        }
        return pick(random, count, pool);
    }

    private static List<String> pick(Random random, int count, List<String> pool) {
        List<String> picked = new ArrayList<>();
        while (!pool.isEmpty() && picked.size() < count) {
            picked.add(pool.remove(random.nextInt(pool.size())));
        }
        return picked;
    }

    Map<String, PeerHeard> heard() {
        Map<String, PeerHeard> view = new LinkedHashMap<>();
        for (String peer : all()) {
            view.put(peer, heard.get(peer));
        }
        return view;
    }
}
