package io.grapevine.failuredetector;

import io.grapevine.api.Cancellable;
import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.layer.FailureDetector;
import io.grapevine.api.layer.LayerUnavailableException;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.module.support.ExchangeRoutes;
import io.grapevine.module.support.Json;
import io.grapevine.module.support.SelfAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The failure detector module: a thin driver of {@link HeartbeatProtocol} on the core's timers and
 * module exchanges ({@code POST /io.grapevine.failuredetector/heartbeats}, push-pull), which offers
 * the suspected set as the {@link FailureDetector} layer. {@code GET
 * /io.grapevine.failuredetector/status} shows the table as JSON.
 *
 * <p>It gossips with a peer from the {@link PeerSampling} layer (the core's stable proxy, whoever
 * provides it: the membership or CYCLON module) and falls back to the core's peers while no module
 * provides peer sampling. The table crosses versions as {@link #transferState()} text.
 */
// Immediate: the core gets the Module service once, releases it and goes on calling the object; a
// delayed component would be deactivated then, with its references unbound under the running module.
@Component(name = Settings.PID, service = Module.class, configurationPid = Settings.PID, immediate = true)
@Designate(ocd = FailureDetectorModule.Config.class)
public class FailureDetectorModule implements Module {

    /** The component's configuration; see {@link Settings} for each knob's formula and trade-off. */
    @ObjectClassDefinition(name = "Grapevine failure detector",
            description = "Gossip-style heartbeats; silent members are suspected.")
    public @interface Config {
        @AttributeDefinition(description = "Heartbeat period in ms (T_gossip).")
        long interval_ms() default Settings.INTERVAL_MS;

        @AttributeDefinition(description = "A member whose heartbeat does not rise for this many ms is suspected (T_fail).")
        long fail_ms() default Settings.FAIL_MS;
    }

    private static final String LIVE = "live\n";
    private static final String SUSPECTED = "\nsuspected\n";

    /** The core's proxy of the peer sampling layer; calls fail fast while no module provides it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile PeerSampling sampling;

    private final String self;
    private final String version;
    private final LongSupplier clock;
    private final LongSupplier wallClock;
    private final FailureDetectorLayer layer = new FailureDetectorLayer();
    private final ExchangeRoutes<List<Heartbeat>> routes = new ExchangeRoutes<>("/heartbeats", "a peer's table",
            HeartbeatCodec.MAX_BYTES, HeartbeatCodec::decode, this::heartbeats, this::status);
    private volatile Settings settings;
    private Function<String, String> frameworkProperty;
    private Settings active;
    private String provideProblem;
    private List<Heartbeat> handedOverLive = List.of();
    private List<Heartbeat> handedOverSuspected = List.of();
    private ModuleContext context;
    private HeartbeatProtocol protocol;
    private Cancellable timer;
    private boolean stopped;
    private long ok;
    private long failed;
    private long fromSampling;
    private long fromCorePeers;

    @Activate
    public FailureDetectorModule(Config config, BundleContext bundleContext) {
        this(Settings.from(config, bundleContext::getProperty), SelfAddress.of(bundleContext::getProperty),
                bundleContext.getBundle().getVersion().toString(), () -> System.nanoTime() / 1_000_000,
                System::currentTimeMillis);
        this.frameworkProperty = bundleContext::getProperty;
    }

    FailureDetectorModule(Settings settings, String self, String version, LongSupplier clock, LongSupplier wallClock) {
        this.settings = settings;
        this.self = self;
        this.version = version;
        this.clock = clock;
        this.wallClock = wallClock;
    }

    /** A new configuration applies at the next start (the next deployment of the module, or restart). */
    @Modified
    void modified(Config config) {
        settings = Settings.from(config, frameworkProperty == null ? key -> null : frameworkProperty);
    }

    @Override
    public void start(ModuleContext moduleContext) {
        context = moduleContext;
        stopped = false;
        active = settings;
        protocol = new HeartbeatProtocol(self, active, context.random(), clock.getAsLong(), wallClock.getAsLong(),
                handedOverLive, handedOverSuspected);
        try {
            context.provide(FailureDetector.class, layer);
            provideProblem = null;
        } catch (IllegalStateException e) {
            provideProblem = "FailureDetector not provided: " + e.getMessage();
        }
        publish();
        context.serve(routes::handle);
        reschedule();
    }

    @Override
    public void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public String transferState() {
        if (protocol == null) {
            return null;
        }
        List<Heartbeat> live = new ArrayList<>();
        List<Heartbeat> suspected = new ArrayList<>();
        for (HeartbeatProtocol.Member member : protocol.members()) {
            (member.suspected() ? suspected : live).add(new Heartbeat(member.member(), member.counter()));
        }
        return LIVE + ascii(HeartbeatCodec.encode(live)) + SUSPECTED.substring(1) + ascii(HeartbeatCodec.encode(suspected));
    }

    /** A table from the previous version; garbage (or none) starts empty. */
    @Override
    public void acceptState(String state) {
        handedOverLive = List.of();
        handedOverSuspected = List.of();
        int cut = state == null || !state.startsWith(LIVE) ? -1 : state.indexOf(SUSPECTED, LIVE.length() - 1);
        if (cut < 0) {
            return;
        }
        try {
            List<Heartbeat> live = decode(state.substring(LIVE.length(), cut + 1));
            handedOverSuspected = decode(state.substring(cut + SUSPECTED.length()));
            handedOverLive = live;
        } catch (IllegalArgumentException e) {
            handedOverSuspected = List.of();
        }
    }

    FailureDetectorLayer layer() {
        return layer;
    }

    private void wake() {
        if (stopped) {
            return;
        }
        protocol.tick(clock.getAsLong(), this::candidates).ifPresent(this::send);
        publish();
        reschedule();
    }

    /** A peer from the sampling layer when a module provides it, else the core's peers. */
    private List<String> candidates() {
        PeerSampling current = sampling;
        if (current != null) {
            try {
                List<String> sample = current.sample(1);
                if (!sample.isEmpty()) {
                    fromSampling++;
                    return sample;
                }
            } catch (LayerUnavailableException e) {
                // no module provides peer sampling now: the core's peers will do
            }
        }
        fromCorePeers++;
        return context.peers();
    }

    private void reschedule() {
        if (timer != null) {
            timer.cancel();
        }
        long delay = Math.max(1, protocol.nextWakeup() - clock.getAsLong());
        timer = context.schedule(this::wake, Duration.ofMillis(delay));
    }

    private void send(HeartbeatProtocol.Outgoing outgoing) {
        context.exchange(outgoing.peer(), "/heartbeats", HeartbeatCodec.encode(outgoing.table()),
                active.exchangeTimeout()).whenComplete((answer, failure) -> {
                    if (stopped) {
                        return;
                    }
                    List<Heartbeat> table = null;
                    if (failure == null) {
                        try {
                            table = HeartbeatCodec.decode(answer);
                        } catch (IllegalArgumentException e) {
                            // garbage counts as no answer
                        }
                    }
                    if (table == null) {
                        failed++; // silence is all the detector needs to know of a failed peer
                    } else {
                        ok++;
                        protocol.replied(clock.getAsLong(), table);
                    }
                    publish();
                    reschedule();
                });
    }

    /** A peer's table: answered with ours (push-pull), and merged. */
    private byte[] heartbeats(String peer, List<Heartbeat> incoming) {
        List<Heartbeat> answer = protocol.receive(clock.getAsLong(), incoming);
        publish();
        reschedule();
        return HeartbeatCodec.encode(answer);
    }

    private void publish() {
        layer.publish(protocol.suspected(), protocol.pollChanges());
    }

    private String status() {
        long now = clock.getAsLong();
        StringBuilder members = new StringBuilder("[");
        for (HeartbeatProtocol.Member member : protocol.members()) {
            members.append(members.length() > 1 ? "," : "").append("{\"member\":").append(Json.string(member.member()))
                    .append(",\"heartbeat\":").append(member.counter()).append(",\"silentMs\":")
                    .append(now - member.roseAt()).append(",\"suspected\":").append(member.suspected()).append('}');
        }
        List<String> problems = new ArrayList<>(active.problems());
        if (provideProblem != null) {
            problems.add(provideProblem);
        }
        return "{\"module\":" + Json.string(Settings.PID) + ",\"version\":" + Json.string(version)
                + ",\"self\":" + Json.string(self) + ",\"heartbeat\":" + protocol.counter()
                + ",\"suspected\":" + Json.strings(protocol.suspected()) + ",\"members\":" + members + "]"
                + ",\"exchanges\":{\"ok\":" + ok + ",\"failed\":" + failed + ",\"refused\":" + routes.refused() + "}"
                + ",\"peersFrom\":{\"peerSampling\":" + fromSampling + ",\"corePeers\":" + fromCorePeers + "}"
                + ",\"listenerFailures\":" + layer.listenerFailures()
                + ",\"settings\":{\"interval.ms\":" + active.intervalMs() + ",\"fail.ms\":" + active.failMs() + "}"
                + ",\"problems\":" + Json.strings(problems) + "}";
    }

    private static List<Heartbeat> decode(String text) {
        return HeartbeatCodec.decode(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
