package io.grapevine.membership;

import io.grapevine.api.Cancellable;
import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.VersionMismatchException;
import io.grapevine.api.layer.Membership;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.module.support.AgedAddressCodec;
import io.grapevine.module.support.ExchangeRoutes;
import io.grapevine.module.support.Json;
import io.grapevine.module.support.SelfAddress;
import java.time.Duration;
import java.util.ArrayList;
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
 * The membership module: a thin driver of {@link MembershipProtocol} on the core's timers and
 * module exchanges ({@code POST /io.grapevine.membership/view}, push-pull), which offers the view
 * to other modules as the {@link Membership} and {@link PeerSampling} layers. {@code GET
 * /io.grapevine.membership/status} shows the view as JSON.
 *
 * <p>Only one module of a node may provide a layer: a provide the core refuses (another module,
 * such as CYCLON, provides PeerSampling already) is noted in the status and the module runs on.
 * The view crosses versions as {@link #transferState()} text, so an update keeps it and the
 * consumers hear no change.
 */
// Immediate: the core gets the Module service once, releases it and goes on calling the object; a
// delayed component would be deactivated then, with its references unbound under the running module.
@Component(name = Settings.PID, service = Module.class, configurationPid = Settings.PID, immediate = true)
@Designate(ocd = MembershipModule.Config.class)
public class MembershipModule implements Module {

    /** The component's configuration; see {@link Settings} for each knob's formula and trade-off. */
    @ObjectClassDefinition(name = "Grapevine membership",
            description = "Gossiped views of random members (the paper's evaluation app).")
    public @interface Config {
        @AttributeDefinition(description = "Round length in ms: one exchange initiated per node per round.")
        long interval_ms() default Settings.INTERVAL_MS;

        @AttributeDefinition(description = "Members kept in the view and sent in each message.")
        int view_size() default Settings.VIEW_SIZE;

        @AttributeDefinition(description = "Rounds an entry lasts without fresher news of its member.")
        int max_age() default Settings.MAX_AGE;
    }

    private final String self;
    private final String version;
    private final LongSupplier clock;
    private final MembershipLayer layer = new MembershipLayer();
    private final ExchangeRoutes<List<Entry>> routes = new ExchangeRoutes<>("/view", "a peer's view",
            AgedAddressCodec.MAX_BYTES, Entry.CODEC::decode, this::view, this::status);
    private final List<String> provideProblems = new ArrayList<>();
    private volatile Settings settings;
    /** The settings of the running protocol (a new configuration waits for the next start). */
    private Settings active;
    private Function<String, String> frameworkProperty;
    private List<Entry> handedOver = List.of();
    private ModuleContext context;
    private MembershipProtocol protocol;
    private Cancellable timer;
    private boolean stopped;
    private long ok;
    private long failed;
    private long fenced;

    @Activate
    public MembershipModule(Config config, BundleContext bundleContext) {
        this(Settings.from(config, bundleContext::getProperty), SelfAddress.of(bundleContext::getProperty),
                bundleContext.getBundle().getVersion().toString(), () -> System.nanoTime() / 1_000_000);
        this.frameworkProperty = bundleContext::getProperty;
    }

    MembershipModule(Settings settings, String self, String version, LongSupplier clock) {
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
        provideProblems.clear();
        protocol = new MembershipProtocol(self, active, context.random(), clock.getAsLong(), handedOver);
        layer.seed(context.random().nextLong());
        // Provide first: consumers that registered listeners already hear the first joins.
        provide(Membership.class);
        provide(PeerSampling.class);
        protocol.bootstrap(context.peers());
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
        return Entry.CODEC.toState(protocol == null ? handedOver : protocol.entries());
    }

    /** A view from the previous version; garbage (or none) starts from the core's peers instead. */
    @Override
    public void acceptState(String state) {
        handedOver = Entry.CODEC.fromState(state);
    }

    MembershipLayer layer() {
        return layer;
    }

    private <T> void provide(Class<T> type) {
        try {
            context.provide(type, type.cast(layer));
        } catch (IllegalStateException e) {
            provideProblems.add(type.getSimpleName() + " not provided: " + e.getMessage());
        }
    }

    private void wake() {
        if (stopped) {
            return;
        }
        protocol.tick(clock.getAsLong(), context.peers()).ifPresent(this::send);
        publish();
        reschedule();
    }

    private void reschedule() {
        long delay = Math.max(1, protocol.nextWakeup() - clock.getAsLong());
        timer = context.schedule(this::wake, Duration.ofMillis(delay));
    }

    private void send(MembershipProtocol.Outgoing outgoing) {
        context.exchange(outgoing.peer(), "/view", Entry.CODEC.encode(outgoing.view()), active.exchangeTimeout())
                .whenComplete((answer, failure) -> {
                    if (stopped) {
                        return;
                    }
                    answered(outgoing.peer(), answer, failure);
                    publish();
                });
    }

    private void answered(String peer, byte[] answer, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof VersionMismatchException) {
            fenced++; // alive, on another version: no news either way
            return;
        }
        List<Entry> view = null;
        if (cause == null) {
            try {
                view = Entry.CODEC.decode(answer);
            } catch (IllegalArgumentException e) {
                // garbage counts as no answer
            }
        }
        if (view == null) {
            failed++;
            protocol.failed(peer);
        } else {
            ok++;
            protocol.replied(peer, view);
        }
    }

    /** A peer's view: answered with ours, and merged. */
    private byte[] view(String peer, List<Entry> incoming) {
        List<Entry> answer = protocol.receive(peer, incoming);
        publish();
        return Entry.CODEC.encode(answer);
    }

    private void publish() {
        layer.publish(protocol.members(), protocol.pollChanges());
    }

    private String status() {
        Settings current = active;
        StringBuilder view = new StringBuilder("[");
        for (Entry entry : protocol.entries()) {
            view.append(view.length() > 1 ? "," : "").append("{\"member\":").append(Json.string(entry.member()))
                    .append(",\"age\":").append(entry.age()).append('}');
        }
        List<String> problems = new ArrayList<>(current.problems());
        problems.addAll(provideProblems);
        return "{\"module\":" + Json.string(Settings.PID) + ",\"version\":" + Json.string(version)
                + ",\"self\":" + Json.string(self) + ",\"view\":" + view + "]"
                + ",\"exchanges\":{\"ok\":" + ok + ",\"failed\":" + failed + ",\"fenced\":" + fenced
                + ",\"refused\":" + routes.refused() + "},\"listenerFailures\":" + layer.listenerFailures()
                + ",\"settings\":{\"interval.ms\":" + current.intervalMs() + ",\"view.size\":" + current.viewSize()
                + ",\"max.age\":" + current.maxAge() + "},\"problems\":" + Json.strings(problems) + "}";
    }
}
