package io.grapevine.cyclon;

import io.grapevine.module.testkit.GossipSimulation;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * {@link CyclonProtocol} as {@link CyclonModule} drives it, for a {@link GossipSimulation}: each
 * shuffle and its answer go through {@link Entry#CODEC}.
 */
final class CyclonWiring implements GossipSimulation.Wiring<CyclonProtocol> {
    private final Settings settings;

    private CyclonWiring(Settings settings) {
        this.settings = settings;
    }

    /** {@code n} CYCLON nodes, all from {@code seed}, that first know the {@code rendezvousCount} first ones. */
    static GossipSimulation<CyclonProtocol> simulation(int n, int rendezvousCount, Settings settings, long seed) {
        return new GossipSimulation<>(n, rendezvousCount, seed, settings.intervalMs(),
                settings.exchangeTimeout().toMillis(), new CyclonWiring(settings));
    }

    @Override
    public CyclonProtocol start(String self, Random random, List<String> hints) {
        CyclonProtocol node = new CyclonProtocol(self, settings, random, 0, List.of());
        node.bootstrap(hints);
        return node;
    }

    @Override
    public long nextWakeup(CyclonProtocol node) {
        return node.nextWakeup();
    }

    @Override
    public Optional<GossipSimulation.Request> tick(CyclonProtocol node, long now, List<String> hints) {
        return node.tick(now, hints).map(shuffle -> new GossipSimulation.Request(shuffle.peer(),
                Entry.CODEC.encode(shuffle.subset())));
    }

    @Override
    public byte[] receive(CyclonProtocol node, String from, byte[] shuffle) {
        return Entry.CODEC.encode(node.receive(from, Entry.CODEC.decode(shuffle)));
    }

    @Override
    public void replied(CyclonProtocol node, String peer, byte[] answer) {
        node.replied(peer, Entry.CODEC.decode(answer));
    }

    @Override
    public void failed(CyclonProtocol node, String peer) {
        node.failed(peer);
    }
}
