package io.grapevine.cyclon;

import io.grapevine.api.Cancellable;
import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.VersionMismatchException;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.module.support.AgedAddressCodec;
import io.grapevine.module.support.ExchangeRoutes;
import io.grapevine.module.support.Json;
import io.grapevine.module.support.SelfAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The CYCLON module: a thin driver of {@link CyclonProtocol} on the core's timers and module
 * exchanges ({@code POST /io.grapevine.cyclon/shuffle}), which offers its cache as the
 * {@link PeerSampling} layer. {@code GET /io.grapevine.cyclon/status} shows the cache as JSON.
 *
 * <p>CYCLON and the membership module are alternatives for PeerSampling: a node runs one provider
 * of a layer at a time and the core refuses a second. When membership (or anyone) provides it
 * already, CYCLON runs on without providing, shuffling all the same, and its status says why
 * ({@code "providesPeerSampling":false} and the core's reason); it does not retry until its next
 * start. Deploy one of the two, or remove membership first, to have CYCLON's samples.
 */
// Immediate: the core gets the Module service once, releases it and goes on calling the object; a
// delayed component would be deactivated then, with its references unbound under the running module.
@Component(name = Settings.PID, service = Module.class, configurationPid = Settings.PID, immediate = true)
@Designate(ocd = CyclonModule.Config.class)
public class CyclonModule implements Module {

    /** The component's configuration; see {@link Settings} for each knob's formula and trade-off. */
    @ObjectClassDefinition(name = "Grapevine CYCLON", description = "Peer sampling by CYCLON shuffles.")
    public @interface Config {
        @AttributeDefinition(description = "Round length in ms: one shuffle initiated per node per round.")
        long interval_ms() default Settings.INTERVAL_MS;

        @AttributeDefinition(description = "Neighbours kept (c).")
        int cache_size() default Settings.CACHE_SIZE;

        @AttributeDefinition(description = "Entries swapped per shuffle (l), at most the cache size.")
        int shuffle_length() default Settings.SHUFFLE_LENGTH;
    }

    private final String self;
    private final String version;
    private final LongSupplier clock;
    private final SamplingLayer layer = new SamplingLayer();
    private final ExchangeRoutes<List<Entry>> routes = new ExchangeRoutes<>("/shuffle", "a peer's entries",
            AgedAddressCodec.MAX_BYTES, Entry.CODEC::decode, this::shuffle, this::status);
    private volatile Settings settings;
    private Function<String, String> frameworkProperty;
    private Settings active;
    private String notProviding;
    private List<Entry> handedOver = List.of();
    private ModuleContext context;
    private CyclonProtocol protocol;
    private Cancellable timer;
    private boolean stopped;
    private long ok;
    private long failed;
    private long fenced;

    @Activate
    public CyclonModule(Config config, BundleContext bundleContext) {
        this(Settings.from(config, bundleContext::getProperty), SelfAddress.of(bundleContext::getProperty),
                bundleContext.getBundle().getVersion().toString(), () -> System.nanoTime() / 1_000_000);
        this.frameworkProperty = bundleContext::getProperty;
    }

    CyclonModule(Settings settings, String self, String version, LongSupplier clock) {
        this.settings = settings;
        this.self = self;
        this.version = version;
        this.clock = clock;
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
        protocol = new CyclonProtocol(self, active, context.random(), clock.getAsLong(), handedOver);
        layer.seed(context.random().nextLong());
        protocol.bootstrap(context.peers());
        layer.publish(protocol.members());
        try {
            context.provide(PeerSampling.class, layer);
            notProviding = null;
        } catch (IllegalStateException e) {
            notProviding = e.getMessage();
        }
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
        return Entry.CODEC.toState(protocol == null ? handedOver : protocol.entries());
    }

    /** A cache from the previous version; garbage (or none) starts from the core's peers instead. */
    @Override
    public void acceptState(String state) {
        handedOver = Entry.CODEC.fromState(state);
    }

    SamplingLayer layer() {
        return layer;
    }

    private void wake() {
        if (stopped) {
            return;
        }
        protocol.tick(clock.getAsLong(), context.peers()).ifPresent(this::send);
        layer.publish(protocol.members());
        reschedule();
    }

    private void reschedule() {
        long delay = Math.max(1, protocol.nextWakeup() - clock.getAsLong());
        timer = context.schedule(this::wake, Duration.ofMillis(delay));
    }

    private void send(CyclonProtocol.Outgoing outgoing) {
        context.exchange(outgoing.peer(), "/shuffle", Entry.CODEC.encode(outgoing.subset()), active.exchangeTimeout())
                .whenComplete((answer, failure) -> {
                    if (stopped) {
                        return;
                    }
                    answered(outgoing.peer(), answer, failure);
                    layer.publish(protocol.members());
                });
    }

    private void answered(String peer, byte[] answer, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        List<Entry> entries = null;
        if (cause == null) {
            try {
                entries = Entry.CODEC.decode(answer);
            } catch (IllegalArgumentException e) {
                // garbage counts as no answer
            }
        }
        if (entries != null) {
            ok++;
            protocol.replied(peer, entries);
            return;
        }
        if (cause instanceof VersionMismatchException) {
            fenced++; // alive on another version; CYCLON drops it like any silent neighbour
        } else {
            failed++;
        }
        protocol.failed(peer);
    }

    /** A peer's shuffle: answered with entries of our own, its entries taken in. */
    private byte[] shuffle(String peer, List<Entry> incoming) {
        List<Entry> answer = protocol.receive(peer, incoming);
        layer.publish(protocol.members());
        return Entry.CODEC.encode(answer);
    }

    private String status() {
        StringBuilder cache = new StringBuilder("[");
        for (Entry entry : protocol.entries()) {
            cache.append(cache.length() > 1 ? "," : "").append("{\"member\":").append(Json.string(entry.member()))
                    .append(",\"age\":").append(entry.age()).append('}');
        }
        return "{\"module\":" + Json.string(Settings.PID) + ",\"version\":" + Json.string(version)
                + ",\"self\":" + Json.string(self) + ",\"cache\":" + cache + "]"
                + ",\"providesPeerSampling\":" + (notProviding == null)
                + (notProviding == null ? "" : ",\"notProvidingBecause\":" + Json.string(notProviding))
                + ",\"exchanges\":{\"ok\":" + ok + ",\"failed\":" + failed + ",\"fenced\":" + fenced
                + ",\"refused\":" + routes.refused() + "}"
                + ",\"settings\":{\"interval.ms\":" + active.intervalMs() + ",\"cache.size\":" + active.cacheSize()
                + ",\"shuffle.length\":" + active.shuffleLength() + "},\"problems\":" + Json.strings(active.problems())
                + "}";
    }
}
