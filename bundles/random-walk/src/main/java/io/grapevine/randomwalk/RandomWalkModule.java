package io.grapevine.randomwalk;

import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.api.layer.RandomWalk;
import io.grapevine.module.support.Json;
import io.grapevine.module.support.Peers;
import io.grapevine.module.support.Wakeup;
import io.grapevine.randomwalk.RandomWalks.Ended;
import io.grapevine.randomwalk.RandomWalks.Lost;
import io.grapevine.randomwalk.RandomWalks.Outcome;
import io.grapevine.randomwalk.RandomWalks.Step;
import io.grapevine.randomwalk.WalkCodec.Done;
import io.grapevine.randomwalk.WalkCodec.Walk;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The random-walk module: drives {@link RandomWalks} and provides the {@link RandomWalk} layer.
 *
 * <ul>
 * <li>{@code POST /io.grapevine.randomwalk/walk} and {@code /done}: a walk's hop and its answer
 *     ({@link WalkCodec}); module exchanges only.</li>
 * <li>{@code GET /io.grapevine.randomwalk/status}: counters as JSON.</li>
 * </ul>
 *
 * Peers come from the PeerSampling layer, else from the core's peers. {@code randomNode}'s stage
 * completes on the module's thread, with the end node's host:port, or fails with a
 * {@link TimeoutException} (lost on the way), an {@link IOException} (no peer took it) or an
 * {@link IllegalStateException} (the module stopped, or too many walks under way: then at once).
 * A {@code maxHops} outside [1, maxHops knob] throws {@link IllegalArgumentException}. Dependent actions added with the non-async
 * methods run on the module's thread too, so they must be short; use the async variants for more.
 */
@Component(service = Module.class)
@Designate(ocd = RandomWalkConfig.class)
public class RandomWalkModule implements Module {
    static final String NAME = "io.grapevine.randomwalk";

    private final PeerSampling sampling;
    private final RandomWalkSettings settings;
    private final LongSupplier clock;
    private final LongSupplier wallClock;
    private final Object lock = new Object();
    private final RandomWalk layer = new Layer();
    private final Map<String, CompletableFuture<String>> callers = new HashMap<>();
    private volatile ModuleContext context;
    private volatile Peers peers;
    private RandomWalks protocol;
    private Wakeup wakeup;

    /** @param sampling the core's proxy of the PeerSampling layer ({@code null} if not registered) */
    @Activate
    public RandomWalkModule(
            @Reference(name = "peerSampling", cardinality = ReferenceCardinality.OPTIONAL) PeerSampling sampling,
            RandomWalkConfig config) {
        this(sampling, config, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()), System::currentTimeMillis);
    }

    /** With clocks in milliseconds (monotonic, and wall for walk ids), for tests. */
    RandomWalkModule(PeerSampling sampling, RandomWalkConfig config, LongSupplier clock, LongSupplier wallClock) {
        this.sampling = sampling;
        this.settings = RandomWalkSettings.from(config);
        this.clock = clock;
        this.wallClock = wallClock;
    }

    @Override
    public void start(ModuleContext moduleContext) {
        synchronized (lock) {
            context = moduleContext;
            peers = new Peers(sampling, moduleContext);
            protocol = new RandomWalks(moduleContext.nodeId() + "-" + Long.toString(wallClock.getAsLong(), 36),
                    settings);
            wakeup = new Wakeup(moduleContext, this::onWakeup);
        }
        moduleContext.serve(this::handle);
        moduleContext.provide(RandomWalk.class, layer);
    }

    /** Walks under way fail: their answers would come to a module that no longer listens. */
    @Override
    public void stop() {
        synchronized (lock) {
            protocol = null;
            callers.values().forEach(caller -> caller.completeExceptionally(
                    new IllegalStateException("the random-walk module stopped")));
            callers.clear();
        }
    }

    @Override
    public String transferState() {
        return null;
    }

    @Override
    public void acceptState(String state) {
        // nothing to take over: walks under way belong to the old version's callers
    }

    /** The layer other modules call, from their own threads. */
    private final class Layer implements RandomWalk {
        @Override
        public CompletionStage<String> randomNode(int maxHops) {
            return walk(maxHops);
        }
    }

    private CompletionStage<String> walk(int maxHops) {
        Peers current = peers;
        if (current == null) {
            throw new IllegalStateException("the random-walk module has not started");
        }
        List<String> candidates = current.sample(settings.forwardAttempts());
        CompletableFuture<String> caller = new CompletableFuture<>();
        synchronized (lock) {
            if (protocol == null) {
                throw new IllegalStateException("the random-walk module stopped");
            }
            RandomWalks.Started started;
            try {
                started = protocol.start(clock.getAsLong(), maxHops, candidates);
            } catch (IllegalStateException tooMany) {
                return CompletableFuture.failedStage(tooMany);
            }
            callers.put(started.id(), caller);
            perform(protocol, started.step());
        }
        return caller.minimalCompletionStage();
    }

    private void onWakeup() {
        synchronized (lock) {
            if (protocol != null) {
                perform(protocol, protocol.tick(clock.getAsLong()));
            }
        }
    }

    /** Sends and completions; called with the lock held. */
    private void perform(RandomWalks walks, Step step) {
        for (RandomWalks.Send send : step.sends()) {
            context.exchange(send.peer(), send.path(), send.body(), Duration.ofMillis(settings.exchangeTimeoutMs()))
                    .whenComplete((answer, failure) -> {
                        if (failure != null) {
                            synchronized (lock) {
                                if (protocol == walks) {
                                    perform(walks, walks.failed(send));
                                }
                            }
                        }
                    });
        }
        for (Outcome outcome : step.outcomes()) {
            CompletableFuture<String> caller = callers.remove(outcome.id());
            if (caller != null) {
                // On the module's thread, whoever produced the outcome (a caller's thread included).
                context.schedule(() -> complete(caller, outcome), Duration.ZERO);
            }
        }
        wakeup.at(walks.nextWakeup(), clock.getAsLong());
    }

    private static void complete(CompletableFuture<String> caller, Outcome outcome) {
        if (outcome instanceof Ended ended) {
            caller.complete(ended.node());
        } else if (outcome instanceof Lost lost) {
            caller.completeExceptionally(lost.timedOut() ? new TimeoutException("random walk " + lost.id() + ": "
                    + lost.reason()) : new IOException("random walk " + lost.id() + ": " + lost.reason()));
        }
    }

    ModuleResponse handle(ModuleRequest request) {
        return switch (request.path()) {
            case "/walk", "/done" -> request.method().equals("POST") ? message(request)
                    : ModuleResponse.text(405, "only POST is allowed on " + request.path() + "\n");
            case "/status" -> request.method().equals("GET") ? ModuleResponse.json(status())
                    : ModuleResponse.text(405, "only GET is allowed on /status\n");
            default -> ModuleResponse.text(404, "no such resource: try GET /status\n");
        };
    }

    private ModuleResponse message(ModuleRequest request) {
        if (!WalkCodec.validAddress(request.from())) {
            return ModuleResponse.text(400, "walks come from peers' module exchanges only\n");
        }
        boolean isWalk = request.path().equals("/walk");
        Walk walk = null;
        Done done = null;
        try {
            if (isWalk) {
                walk = WalkCodec.decodeWalk(request.body());
                if (walk.hopsLeft() > settings.maxHops() || walk.hopsTaken() > settings.maxHops()) {
                    throw new IllegalArgumentException("walk longer than " + settings.maxHops() + " hops");
                }
            } else {
                done = WalkCodec.decodeDone(request.body());
            }
        } catch (IllegalArgumentException e) {
            return ModuleResponse.text(400, "bad message: " + e.getMessage() + "\n");
        }
        // Peers are sampled outside our lock, like every call to another layer.
        List<String> candidates = isWalk && walk.hopsLeft() > 1 ? peers.sample(settings.forwardAttempts()) : List.of();
        synchronized (lock) {
            if (protocol == null) {
                return ModuleResponse.text(503, "random walks are stopping\n");
            }
            perform(protocol, isWalk ? protocol.receiveWalk(request.from(), walk, candidates)
                    : protocol.receiveDone(request.from(), done));
        }
        return new ModuleResponse(200, "text/plain; charset=us-ascii", WalkCodec.OK.clone());
    }

    String status() {
        synchronized (lock) {
            if (protocol == null) {
                return "{\"module\":\"" + NAME + "\",\"running\":false}";
            }
            RandomWalks.Counters c = protocol.counters();
            return "{\"module\":\"" + NAME + "\",\"running\":true,\"peers\":" + Json.string(peers.source())
                    + ",\"pending\":" + protocol.pending() + ",\"started\":" + c.started + ",\"ended\":" + c.ended
                    + ",\"endedEarly\":" + c.endedEarly + ",\"lost\":" + c.lost + ",\"timedOut\":" + c.timedOut
                    + ",\"meanHops\":" + Json.number(c.ended == 0 ? Double.NaN : c.hopsOfEnded / (double) c.ended)
                    + ",\"hopsServed\":" + c.hopsServed + ",\"forwardsFailed\":" + c.forwardsFailed + "}";
        }
    }
}
