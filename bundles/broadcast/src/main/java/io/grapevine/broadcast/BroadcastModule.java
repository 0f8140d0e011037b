package io.grapevine.broadcast;

import io.grapevine.api.Cancellable;
import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.layer.Aggregation;
import io.grapevine.api.layer.Broadcast;
import io.grapevine.api.layer.BroadcastListener;
import io.grapevine.api.layer.Estimate;
import io.grapevine.api.layer.Membership;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.api.layer.Publication;
import io.grapevine.broadcast.BroadcastCodec.Message;
import io.grapevine.module.support.Json;
import io.grapevine.module.support.Peers;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The broadcast module: drives {@link RenyiErdos} and provides the {@link Broadcast} layer.
 *
 * <ul>
 * <li>{@code POST /io.grapevine.broadcast/message}: a peer's forward ({@link BroadcastCodec});
 *     module exchanges only.</li>
 * <li>{@code GET /io.grapevine.broadcast/status}: counters, N and its source, recent publications
 *     with their estimated coverage, as JSON.</li>
 * </ul>
 *
 * N comes from {@link NetworkSize} (Aggregation count, else Membership view, else the core's
 * peers), peers from PeerSampling, else the core's. Each message is delivered once on every node
 * it reaches, the origin included, to the listeners on the module's thread; the core's listener
 * fans it out to the consumers' listeners on its own threads. Nothing is handed to the next
 * version: a message spreads in well under a second, and version fencing keeps the messages of two
 * versions apart.
 */
@Component(service = Module.class)
@Designate(ocd = BroadcastConfig.class)
public class BroadcastModule implements Module {
    static final String NAME = "io.grapevine.broadcast";

    private final PeerSampling sampling;
    private final Aggregation aggregation;
    private final Membership membership;
    private final BroadcastSettings settings;
    private final LongSupplier clock;
    private final LongSupplier wallClock;
    private final Object lock = new Object();
    private final List<BroadcastListener> listeners = new CopyOnWriteArrayList<>();
    private final Broadcast layer = new Layer();
    private volatile ModuleContext context;
    private volatile Peers peers;
    private volatile NetworkSize lastSize = new NetworkSize(1, "none yet");
    private RenyiErdos protocol;

    /** The three layers are the core's proxies ({@code null} if not registered). */
    @Activate
    public BroadcastModule(
            @Reference(name = "peerSampling", cardinality = ReferenceCardinality.OPTIONAL) PeerSampling sampling,
            @Reference(name = "aggregation", cardinality = ReferenceCardinality.OPTIONAL) Aggregation aggregation,
            @Reference(name = "membership", cardinality = ReferenceCardinality.OPTIONAL) Membership membership,
            BroadcastConfig config) {
        this(sampling, aggregation, membership, config, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()),
                System::currentTimeMillis);
    }

    /** With clocks in milliseconds (monotonic, and wall for message ids), for tests. */
    BroadcastModule(PeerSampling sampling, Aggregation aggregation, Membership membership, BroadcastConfig config,
            LongSupplier clock, LongSupplier wallClock) {
        this.sampling = sampling;
        this.aggregation = aggregation;
        this.membership = membership;
        this.settings = BroadcastSettings.from(config);
        this.clock = clock;
        this.wallClock = wallClock;
    }

    @Override
    public void start(ModuleContext moduleContext) {
        synchronized (lock) {
            context = moduleContext;
            peers = new Peers(sampling, moduleContext);
            protocol = new RenyiErdos(moduleContext.nodeId() + "-" + Long.toString(wallClock.getAsLong(), 36),
                    settings);
        }
        moduleContext.serve(this::handle);
        moduleContext.provide(Broadcast.class, layer);
    }

    @Override
    public void stop() {
        synchronized (lock) {
            protocol = null; // the core withdraws the handler and the layer
        }
    }

    @Override
    public String transferState() {
        return null;
    }

    @Override
    public void acceptState(String state) {
        // nothing to take over (see the class comment)
    }

    /** N now, from the other layers: called outside our lock, like every call to another layer. */
    private NetworkSize size() {
        Estimate count = null;
        if (aggregation != null) {
            try {
                count = aggregation.count();
            } catch (RuntimeException e) {
                // no module provides it now (LayerUnavailableException), or it failed
            }
        }
        int view = -1;
        if (membership != null) {
            try {
                view = membership.view().size();
            } catch (RuntimeException e) {
                // as above
            }
        }
        NetworkSize size = NetworkSize.choose(count, view, context.peers().size(), settings.countMaxRelativeError());
        lastSize = size;
        return size;
    }

    private void send(RenyiErdos sender, RenyiErdos.Send send) {
        context.exchange(send.peer(), "/message", BroadcastCodec.encode(send.message()),
                Duration.ofMillis(settings.exchangeTimeoutMs())).whenComplete((bytes, failure) -> {
                    synchronized (lock) {
                        if (protocol != sender) {
                            return;
                        }
                        if (failure != null) {
                            sender.failed(send);
                            return;
                        }
                        try {
                            sender.answered(clock.getAsLong(), send, BroadcastCodec.decodeAnswer(bytes));
                        } catch (IllegalArgumentException e) {
                            sender.failed(send);
                        }
                    }
                });
    }

    ModuleResponse handle(ModuleRequest request) {
        return switch (request.path()) {
            case "/message" -> request.method().equals("POST") ? message(request)
                    : ModuleResponse.text(405, "only POST is allowed on /message\n");
            case "/status" -> request.method().equals("GET") ? ModuleResponse.json(status())
                    : ModuleResponse.text(405, "only GET is allowed on /status\n");
            default -> ModuleResponse.text(404, "no such resource: try GET /status\n");
        };
    }

    private ModuleResponse message(ModuleRequest request) {
        if (request.from() == null) {
            return ModuleResponse.text(400, "messages come from peers' module exchanges only\n");
        }
        Message message;
        try {
            message = BroadcastCodec.decode(request.body(), settings.maxMessageBytes());
        } catch (IllegalArgumentException e) {
            return ModuleResponse.text(400, "bad message: " + e.getMessage() + "\n");
        }
        NetworkSize size = size();
        List<String> candidates = peers.sample(fanoutFor(size) + 1);
        RenyiErdos.Received received;
        synchronized (lock) {
            if (protocol == null) {
                return ModuleResponse.text(503, "broadcast is stopping\n");
            }
            received = protocol.receive(clock.getAsLong(), request.from(), message, size.n(), candidates);
            RenyiErdos sender = protocol;
            received.forwards().forEach(send -> send(sender, send));
        }
        if (received.delivery() != null) {
            deliver(received.delivery());
        }
        return new ModuleResponse(200, "text/plain; charset=us-ascii", BroadcastCodec.encodeAnswer(received.first()));
    }

    private int fanoutFor(NetworkSize size) {
        return Coverage.fanout(size.n(), settings.fanoutConstant(), settings.maxFanout());
    }

    /** Runs on the module's thread; a listener that throws hurts no other. */
    private void deliver(RenyiErdos.Delivery delivery) {
        for (BroadcastListener listener : listeners) {
            try {
                listener.delivered(delivery.id(), delivery.payload().clone());
            } catch (RuntimeException e) {
                // the core's fan-out never throws; a direct listener's bug is its own
            }
        }
    }

    String status() {
        synchronized (lock) {
            if (protocol == null) {
                return "{\"module\":\"" + NAME + "\",\"running\":false}";
            }
            long now = clock.getAsLong();
            RenyiErdos.Counters c = protocol.counters();
            StringBuilder recent = new StringBuilder("[");
            for (PublicationStats stats : protocol.recent()) {
                recent.append(recent.length() > 1 ? "," : "").append("{\"id\":").append(Json.string(stats.id()))
                        .append(",\"n\":").append(Json.number(stats.n())).append(",\"sent\":").append(stats.sent())
                        .append(",\"answered\":").append(stats.answered()).append(",\"failed\":")
                        .append(stats.failed()).append(",\"estimatedCoverage\":")
                        .append(Json.number(stats.coverage(now))).append('}');
            }
            NetworkSize size = lastSize;
            return "{\"module\":\"" + NAME + "\",\"running\":true"
                    + ",\"n\":" + Json.number(size.n()) + ",\"nSource\":" + Json.string(size.source())
                    + ",\"fanout\":" + fanoutFor(size) + ",\"peers\":" + Json.string(peers.source())
                    + ",\"published\":" + c.published + ",\"received\":" + c.received
                    + ",\"duplicates\":" + c.duplicates + ",\"forwarded\":" + c.forwarded
                    + ",\"forwardsFailed\":" + c.forwardsFailed + ",\"deliveryRate\":"
                    + Json.number(protocol.deliveryRate()) + ",\"mostHops\":" + c.mostHops
                    + ",\"idsRemembered\":" + protocol.idsRemembered(now)
                    + ",\"idsForgottenEarly\":" + protocol.idsForgottenEarly()
                    + ",\"listeners\":" + listeners.size() + ",\"recent\":" + recent.append(']') + "}";
        }
    }

    /** The layer other modules call, from their own threads. */
    private final class Layer implements Broadcast {
        @Override
        public Publication publish(byte[] message) {
            Objects.requireNonNull(message, "message");
            if (message.length > settings.maxMessageBytes()) {
                throw new IllegalArgumentException("message of " + message.length + " bytes, over the "
                        + settings.maxMessageBytes() + " bytes allowed");
            }
            ModuleContext moduleContext = context;
            if (moduleContext == null) {
                throw new IllegalStateException("broadcast has not started");
            }
            NetworkSize size = size();
            List<String> candidates = peers.sample(fanoutFor(size));
            RenyiErdos.Published published;
            synchronized (lock) {
                if (protocol == null) {
                    throw new IllegalStateException("broadcast is stopped");
                }
                published = protocol.publish(clock.getAsLong(), message, size.n(), candidates);
                RenyiErdos sender = protocol;
                published.sends().forEach(send -> send(sender, send));
            }
            // Delivered here too, on the module's thread like every other delivery.
            moduleContext.schedule(() -> deliver(published.delivery()), Duration.ZERO);
            return new PublicationView(published.stats());
        }

        @Override
        public Cancellable addListener(BroadcastListener listener) {
            Objects.requireNonNull(listener, "listener");
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    }

    /** A publication as its publisher sees it: the estimate grows as answers come in and time passes. */
    private final class PublicationView implements Publication {
        private final PublicationStats stats;

        PublicationView(PublicationStats stats) {
            this.stats = stats;
        }

        @Override
        public String id() {
            return stats.id();
        }

        @Override
        public double estimatedCoverage() {
            synchronized (lock) {
                return stats.coverage(clock.getAsLong());
            }
        }
    }
}
