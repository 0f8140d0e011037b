package io.grapevine.membership;

import io.grapevine.module.testkit.GossipSimulation;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * {@link MembershipProtocol} as {@link MembershipModule} drives it, for a {@link GossipSimulation}:
 * each view sent and its answer go through {@link Entry#CODEC}.
 */
final class MembershipWiring implements GossipSimulation.Wiring<MembershipProtocol> {
    private final Settings settings;

    private MembershipWiring(Settings settings) {
        this.settings = settings;
    }

    /** {@code n} membership nodes, all from {@code seed}, that first know the {@code rendezvousCount} first ones. */
    static GossipSimulation<MembershipProtocol> simulation(int n, int rendezvousCount, Settings settings, long seed) {
        return new GossipSimulation<>(n, rendezvousCount, seed, settings.intervalMs(),
                settings.exchangeTimeout().toMillis(), new MembershipWiring(settings));
    }

    @Override
    public MembershipProtocol start(String self, Random random, List<String> hints) {
        MembershipProtocol node = new MembershipProtocol(self, settings, random, 0, List.of());
        node.bootstrap(hints);
        return node;
    }

    @Override
    public long nextWakeup(MembershipProtocol node) {
        return node.nextWakeup();
    }

    @Override
    public Optional<GossipSimulation.Request> tick(MembershipProtocol node, long now, List<String> hints) {
        return node.tick(now, hints).map(view -> new GossipSimulation.Request(view.peer(),
                Entry.CODEC.encode(view.view())));
    }

    @Override
    public byte[] receive(MembershipProtocol node, String from, byte[] view) {
        return Entry.CODEC.encode(node.receive(from, Entry.CODEC.decode(view)));
    }

    @Override
    public void replied(MembershipProtocol node, String peer, byte[] answer) {
        node.replied(peer, Entry.CODEC.decode(answer));
    }

    @Override
    public void failed(MembershipProtocol node, String peer) {
        node.failed(peer);
    }
}
