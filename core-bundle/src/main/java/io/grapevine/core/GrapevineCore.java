package io.grapevine.core;

import io.grapevine.core.admin.NodeStatus;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.HybridClock;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.deploy.ModuleJar;
import io.grapevine.core.gossip.CatchUp;
import io.grapevine.core.gossip.GossipDriver;
import io.grapevine.core.gossip.GossipSettings;
import io.grapevine.core.gossip.ModuleGossip;
import io.grapevine.core.gossip.PeerClient;
import io.grapevine.core.layers.Layers;
import io.grapevine.core.modules.ModuleManager;
import io.grapevine.core.modules.ModuleState;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.store.History;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The node's core: deployments, rollbacks and the modules they run. Every change of configuration
 * runs on one deployment thread, so concurrent requests are applied one after the other, in order,
 * none lost. The HTTP servlets, the Gogo commands and the console plugin all talk to this.
 */
@Component(service = GrapevineCore.class, immediate = true)
public class GrapevineCore {
    private static final Duration APPLY_BOUND = Duration.ofMinutes(5);

    private final NodeSettings settings;
    private final long startedNanos = System.nanoTime();
    private final EventLog events = new EventLog(System::currentTimeMillis);
    private final BundleStore store;
    private final History history;
    private final HybridClock clock;
    private final ModuleManager modules;
    private final AdminCredential admin;
    private final Metrics metrics = new Metrics();
    private final PeerClient peerClient = new PeerClient();
    private final CatchUp catchUp;
    private final GossipDriver gossip;
    private final Layers layers;
    /** The configuration whose apply has finished; status reports this one, not one half applied. */
    private volatile Configuration applied = Configuration.EMPTY;
    private volatile Thread deployerThread;
    private final ExecutorService deployer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "grapevine-deployer");
        thread.setDaemon(true);
        deployerThread = thread;
        return thread;
    });

    @Activate
    public GrapevineCore(BundleContext context) throws IOException {
        this.settings = NodeSettings.from(context::getProperty);
        this.store = new BundleStore(settings.dataDir().resolve("bundles"), settings.maxBundleBytes());
        this.history = new History(settings.dataDir().resolve("history.json"), settings.historyLimit());
        this.clock = new HybridClock(settings.nodeId());
        history.entries().forEach(c -> clock.observe(c.deployment()));
        ModuleGossip moduleGossip = new ModuleGossip(settings.address(), peerClient, metrics,
                () -> history.current().deployment(), this::gossip);
        this.layers = new Layers(problem -> {
            metrics.add(Metrics.LAYER_UPCALL_FAILURES, 1);
            events.add("layer-problem", "upcall", problem);
        });
        layers.register(context);
        this.modules = new ModuleManager(context, store, events, settings.nodeId(),
                Duration.ofMillis(settings.moduleCallTimeoutMs()), moduleGossip, layers);
        this.admin = new AdminCredential(context.getProperty(AdminCredential.PROPERTY));
        this.catchUp = new CatchUp(store, peerClient, metrics, events, this::gossip, this::adopt);
        Configuration restored = history.current();
        this.gossip = new GossipDriver(settings.address(), settings.rendezvous(),
                GossipSettings.from(context::getProperty), restored, peerClient, metrics,
                System::currentTimeMillis, catchUp::start);
        if (restored.deployment() != null) {
            deployer.execute(() -> {
                events.add("deployment-restored", restored.deployment().toString(), "from the local store");
                modules.apply(restored);
                applied = restored;
            });
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        gossip.close();
        catchUp.close();
        deployer.execute(modules::stopAll);
        deployer.shutdown();
        deployer.awaitTermination(30, TimeUnit.SECONDS);
        layers.close();
        peerClient.close();
    }

    public GossipDriver gossip() {
        return gossip;
    }

    public Metrics metrics() {
        return metrics;
    }

    public NodeSettings settings() {
        return settings;
    }

    public AdminCredential admin() {
        return admin;
    }

    public EventLog events() {
        return events;
    }

    public ModuleManager modules() {
        return modules;
    }

    public BundleStore store() {
        return store;
    }

    /** True on the thread that applies deployments: bundle changes made there are the core's own. */
    public boolean onDeploymentThread() {
        return Thread.currentThread() == deployerThread;
    }

    /** Runs {@code task} on the deployment thread, after any deployment under way. */
    public void later(Runnable task) {
        deployer.execute(task);
    }

    public Configuration configuration() {
        return history.current();
    }

    public List<Configuration> history() {
        return history.entries();
    }

    /** Deploys {@code jar}: a new configuration with this module added or replaced, applied here. */
    public DeploymentNumber deploy(byte[] jar) throws Refused {
        ModuleJar module;
        try {
            module = ModuleJar.inspect(jar);
        } catch (ModuleJar.RefusedException e) {
            throw new Refused(400, e.getMessage());
        }
        if (module.name().equals("core") || modules.clashesWithSystemBundle(module.name())) {
            throw new Refused(409, "module name " + module.name() + " is taken by a system bundle of the node");
        }
        if (jar.length > store.maxBytes()) {
            throw new Refused(413, "bundle too large: " + store.maxBytes() + " bytes is the limit ("
                    + NodeSettings.MAX_BUNDLE_BYTES + ")");
        }
        return change(() -> {
            // Stored on the deployment thread: a jar stored earlier could be swept by the
            // store clean-up of a deployment applied in between.
            String sha = store.put(jar);
            DeploymentNumber number = clock.next(System.currentTimeMillis());
            return history.current().with(number, new ModuleEntry(module.name(), sha, jar.length,
                    module.version(), number));
        }, null);
    }

    /** Removes module {@code name}: a new configuration without it. */
    public DeploymentNumber remove(String name) throws Refused {
        if (history.current().module(name).isEmpty()) {
            throw new Refused(404, "no module " + name + " in the current deployment");
        }
        return change(() -> history.current().without(clock.next(System.currentTimeMillis()), name), null);
    }

    /** A new deployment whose modules are those of deployment {@code token}. */
    public DeploymentNumber rollback(String token) throws Refused {
        DeploymentNumber target;
        try {
            target = DeploymentNumber.parse(token);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, e.getMessage());
        }
        Configuration old = history.find(target).orElseThrow(() ->
                new Refused(404, "no deployment " + target + " in this node's history"));
        return change(() -> history.current().successor(clock.next(System.currentTimeMillis()), old.modules()), null);
    }

    /**
     * Applies {@code config}, learned from peer {@code from} with all its jars in the store, if it is
     * still newer than ours when its turn comes on the deployment thread.
     */
    void adopt(Configuration config, String from) throws Refused {
        change(() -> {
            clock.observe(config.deployment());
            return config.deployment().isAfter(history.current().deployment()) ? config : null;
        }, from);
    }

    public NodeStatus status() {
        Configuration config = applied;
        List<NodeStatus.ModuleStatus> moduleStates = modules.states().stream()
                .map(GrapevineCore::moduleStatus).toList();
        return new NodeStatus(settings.nodeId(), settings.address(),
                (System.nanoTime() - startedNanos) / 1_000_000,
                config.deployment() == null ? null : config.deployment().toString(),
                moduleStates, settings.rendezvous(), hints());
    }

    private List<NodeStatus.Hint> hints() {
        long now = System.currentTimeMillis();
        List<NodeStatus.Hint> hints = new java.util.ArrayList<>();
        gossip.peers().forEach((peer, heard) -> hints.add(new NodeStatus.Hint(peer,
                heard == null || heard.deployment() == null ? null : heard.deployment().toString(),
                heard == null ? null : now - heard.atMillis())));
        return hints;
    }

    private static NodeStatus.ModuleStatus moduleStatus(ModuleState state) {
        ModuleEntry m = state.entry();
        return new NodeStatus.ModuleStatus(m.name(), m.version(), m.sha256(), m.deployment().toString(),
                state.state(), state.reason());
    }

    /**
     * Makes, records and applies the next configuration on the deployment thread, then tells peers
     * ({@code source}: the peer it came from, null when made here). A null configuration from
     * {@code next} means there is nothing to do.
     */
    private DeploymentNumber change(Callable<Configuration> next, String source) throws Refused {
        try {
            return deployer.submit(() -> {
                Configuration config = next.call();
                if (config == null) {
                    return null;
                }
                history.push(config);
                events.add("deployment-applying", config.deployment().toString(), config.modules().size() + " modules"
                        + (source == null ? ", made here" : ", from " + source));
                modules.apply(config);
                applied = config;
                store.retainOnly(history.referencedJars());
                metrics.add(Metrics.DEPLOYMENTS_APPLIED, 1);
                events.add("deployment-applied", config.deployment().toString(), "");
                gossip.applied(config, source);
                return config.deployment();
            }).get(APPLY_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new Refused(500, "deployment failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new Refused(503, "deployment still being applied after " + APPLY_BOUND.toMinutes() + " min");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(503, "interrupted");
        }
    }
}
