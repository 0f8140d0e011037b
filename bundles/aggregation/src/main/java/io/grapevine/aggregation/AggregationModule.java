package io.grapevine.aggregation;

import io.grapevine.aggregation.PushSumCodec.Answer;
import io.grapevine.aggregation.PushSumCodec.Push;
import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.layer.Aggregation;
import io.grapevine.api.layer.Estimate;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.module.support.Json;
import io.grapevine.module.support.Peers;
import io.grapevine.module.support.Wakeup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The aggregation module: drives {@link PushSum} on the module's thread and timers, and provides
 * the {@link Aggregation} layer to the other modules.
 *
 * <ul>
 * <li>{@code POST /io.grapevine.aggregation/push}: a peer's push ({@link PushSumCodec}); module
 *     exchanges only.</li>
 * <li>{@code GET /io.grapevine.aggregation/status}: estimates, epoch and counters as JSON.</li>
 * </ul>
 *
 * Peers come from the {@link PeerSampling} layer, else from the core ({@link Peers}). This node's
 * value (set through the layer) is handed to the next version on an update.
 */
@Component(service = Module.class)
@Designate(ocd = AggregationConfig.class)
public class AggregationModule implements Module {
    static final String NAME = "io.grapevine.aggregation";

    private final PeerSampling sampling;
    private final AggregationSettings settings;
    private final Object lock = new Object();
    private final Aggregation layer = new Layer();
    private double value;
    private ModuleContext context;
    private volatile Peers peers;
    private PushSum protocol;
    private Wakeup wakeup;
    private final LongSupplier clock;

    /**
     * @param sampling the core's proxy of the PeerSampling layer ({@code null} if not registered)
     * @param config the knobs, from Configuration Admin or the defaults
     */
    @Activate
    public AggregationModule(
            @Reference(name = "peerSampling", cardinality = ReferenceCardinality.OPTIONAL) PeerSampling sampling,
            AggregationConfig config) {
        this(sampling, config, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
    }

    /** With a clock in milliseconds, so tests can run the module on a virtual clock. */
    AggregationModule(PeerSampling sampling, AggregationConfig config, LongSupplier clock) {
        this.sampling = sampling;
        this.settings = AggregationSettings.from(config);
        this.clock = clock;
    }

    @Override
    public void start(ModuleContext moduleContext) {
        synchronized (lock) {
            context = moduleContext;
            peers = new Peers(sampling, moduleContext);
            protocol = new PushSum(moduleContext.nodeId(), settings, moduleContext.random(), value, now());
            wakeup = new Wakeup(moduleContext, this::onWakeup);
            wakeup.at(protocol.nextWakeup(), now());
        }
        moduleContext.serve(this::handle);
        moduleContext.provide(Aggregation.class, layer);
    }

    @Override
    public void stop() {
        synchronized (lock) {
            protocol = null; // the core cancels the timer, the handler and the layer
        }
    }

    @Override
    public String transferState() {
        synchronized (lock) {
            return Double.toString(value);
        }
    }

    /** The previous version's value; anything that is not a finite number means 0. */
    @Override
    public void acceptState(String state) {
        synchronized (lock) {
            value = parseValue(state);
        }
    }

    static double parseValue(String state) {
        if (state == null || state.length() > 64) {
            return 0;
        }
        try {
            double parsed = Double.parseDouble(state.strip());
            return Double.isFinite(parsed) ? parsed : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void onWakeup() {
        // Other layers are called outside our lock, so no lock order between modules can deadlock.
        List<String> candidates = peers.sample(1);
        synchronized (lock) {
            if (protocol == null) {
                return;
            }
            long now = now();
            protocol.tick(now, candidates).forEach(send -> send(protocol, send));
            wakeup.at(protocol.nextWakeup(), now);
        }
    }

    private void send(PushSum sender, PushSum.Send send) {
        context.exchange(send.peer(), "/push", PushSumCodec.encode(send.push()),
                Duration.ofMillis(settings.exchangeTimeoutMs())).whenComplete((bytes, failure) -> {
                    synchronized (lock) {
                        if (protocol != sender) {
                            return; // stopped since
                        }
                        if (failure != null) {
                            sender.failed(send);
                            return;
                        }
                        try {
                            sender.answered(send, PushSumCodec.decodeAnswer(bytes));
                        } catch (IllegalArgumentException e) {
                            sender.failed(send);
                        }
                    }
                });
    }

    ModuleResponse handle(ModuleRequest request) {
        return switch (request.path()) {
            case "/push" -> request.method().equals("POST") ? push(request)
                    : ModuleResponse.text(405, "only POST is allowed on /push\n");
            case "/status" -> request.method().equals("GET") ? ModuleResponse.json(status())
                    : ModuleResponse.text(405, "only GET is allowed on /status\n");
            default -> ModuleResponse.text(404, "no such resource: try GET /status\n");
        };
    }

    private ModuleResponse push(ModuleRequest request) {
        if (request.from() == null) {
            return ModuleResponse.text(400, "pushes come from peers' module exchanges only\n");
        }
        Push push;
        try {
            push = PushSumCodec.decodePush(request.body());
        } catch (IllegalArgumentException e) {
            return ModuleResponse.text(400, "bad push: " + e.getMessage() + "\n");
        }
        Answer answer;
        synchronized (lock) {
            if (protocol == null) {
                return ModuleResponse.text(503, "aggregation is stopping\n");
            }
            answer = protocol.receive(push);
        }
        return new ModuleResponse(200, "text/plain; charset=us-ascii", PushSumCodec.encode(answer));
    }

    String status() {
        synchronized (lock) {
            if (protocol == null) {
                return "{\"module\":\"" + NAME + "\",\"running\":false}";
            }
            PushSum.Counters c = protocol.counters();
            Epoch epoch = protocol.epoch();
            return "{\"module\":\"" + NAME + "\",\"running\":true"
                    + ",\"localValue\":" + Json.number(value)
                    + ",\"average\":" + estimate(protocol.average())
                    + ",\"count\":" + estimate(protocol.count())
                    + ",\"epoch\":{\"number\":" + epoch.number() + ",\"starter\":" + Json.string(epoch.starter())
                    + ",\"leader\":" + epoch.starter().equals(context.nodeId())
                    + ",\"rounds\":" + protocol.roundsInEpoch() + "}"
                    + ",\"peers\":" + Json.string(peers.source())
                    + ",\"rounds\":" + c.rounds + ",\"epochsStarted\":" + c.epochsStarted
                    + ",\"epochsJoined\":" + c.epochsJoined + ",\"pushesSent\":" + c.pushesSent
                    + ",\"pushesReceived\":" + c.pushesReceived + ",\"pushesRefused\":" + c.refused
                    + ",\"pushesFailed\":" + c.failed + "}";
        }
    }

    private static String estimate(Estimate estimate) {
        return "{\"value\":" + Json.number(estimate.value()) + ",\"error\":" + Json.number(estimate.error()) + "}";
    }

    private long now() {
        return clock.getAsLong();
    }

    /** The layer other modules call, from their own threads. */
    private final class Layer implements Aggregation {
        @Override
        public void setLocalValue(double newValue) {
            if (!Double.isFinite(newValue)) {
                throw new IllegalArgumentException("the value must be a finite number, not " + newValue);
            }
            synchronized (lock) {
                value = newValue;
                if (protocol != null) {
                    protocol.setLocalValue(newValue);
                }
            }
        }

        @Override
        public Estimate average() {
            synchronized (lock) {
                return protocol == null ? new Estimate(value, Double.POSITIVE_INFINITY) : protocol.average();
            }
        }

        @Override
        public Estimate count() {
            synchronized (lock) {
                return protocol == null ? new Estimate(1, Double.POSITIVE_INFINITY) : protocol.count();
            }
        }
    }
}
