package io.grapevine.core;

import io.grapevine.core.admin.GrapevineAdmin;
import io.grapevine.core.driver.ModuleGossip;
import io.grapevine.core.driver.NodeDriver;
import io.grapevine.core.http.AdminCredential;
import io.grapevine.core.http.BodyReader;
import io.grapevine.core.http.CoreServlet;
import io.grapevine.core.http.LoginBackoff;
import io.grapevine.core.http.ModuleServlet;
import io.grapevine.core.layers.LayerTypes;
import io.grapevine.core.layers.Layers;
import io.grapevine.core.modules.JarPolicy;
import io.grapevine.core.modules.ModuleInstallGuard;
import io.grapevine.core.modules.ModuleManager;
import io.grapevine.core.net.Keyring;
import io.grapevine.core.net.PeerClient;
import io.grapevine.core.node.Node;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.store.History;
import io.grapevine.core.store.KeyringFile;
import io.grapevine.core.store.ModuleStates;
import io.grapevine.core.store.RosterFile;
import io.grapevine.core.store.TrustStore;
import io.grapevine.core.telemetry.EventLog;
import io.grapevine.core.telemetry.Metrics;
import jakarta.servlet.Servlet;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.ModuleEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The core's one component: it only wires. It reads the settings and the store, makes the
 * {@link Node} and its {@link NodeDriver}, the module manager and the layers, and registers the
 * servlets ({@code /core/*} and the module demultiplexer {@code /*}) and the admin service.
 */
@Component(service = {}, immediate = true)
public class GrapevineCore {
    /** Core gossip and jar fetches in flight at once; a node sends a few per round. */
    private static final int CORE_IN_FLIGHT = 64;
    /** All modules' exchanges in flight at once (each module has its own bound too): bounds sockets. */
    private static final int MODULE_IN_FLIGHT = 256;

    private NodeDriver driver;
    private ModuleManager modules;
    private Layers layers;
    private PeerClient peers;
    private PeerClient modulePeers;
    private final BundleContext context;
    private ModuleInstallGuard guard;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public GrapevineCore(BundleContext context) throws IOException {
        this.context = context;
        try {
            start(context);
        } catch (IOException | RuntimeException e) {
            failed(context, e);
            throw e;
        }
    }

    /**
     * Says in one line why the core cannot start; under Grapevine's launcher (which then exits
     * non-zero) it also stops the framework, since a node without its core must not look alive.
     */
    private static void failed(BundleContext context, Exception e) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        System.err.println("grapevine: cannot start the core: " + reason);
        if (Boolean.parseBoolean(context.getProperty("grapevine.exit.on.failure"))) {
            System.setProperty("grapevine.startup.failure", reason);
        }
    }

    private void start(BundleContext context) throws IOException {
        NodeSettings settings = NodeSettings.from(context::getProperty);
        EventLog events = new EventLog(System::currentTimeMillis);
        Metrics metrics = new Metrics();
        BundleStore store = new BundleStore(settings.dataDir().resolve("bundles"), settings.limits().maxBundleBytes());
        History history = new History(settings.dataDir().resolve("history.json"));
        RosterFile rosterFile = new RosterFile(settings.dataDir());
        TrustStore trustStore = new TrustStore(settings.dataDir());
        TrustStore.Loaded trust = trustStore.load(settings.trustFile(), settings.deployerKeyFile(),
                notice -> System.err.println("grapevine: " + notice));
        KeyringFile keyringFile = new KeyringFile(settings.dataDir());
        Keyring keyring = keyringFile.load(settings.clusterKeyFile(), notice -> System.err.println("grapevine: " + notice));
        this.peers = new PeerClient("core", settings.address(), settings.tls(), keyring, CORE_IN_FLIGHT);
        this.modulePeers = new PeerClient("module", settings.address(), settings.tls(), keyring, MODULE_IN_FLIGHT);
        Node node = new Node(settings.address(), settings.nodeId(), settings.rendezvous(), settings.gossip(),
                settings.limits(), new Random(settings.address().hashCode()), trust.chain(), trust.key(),
                history.read(), store.list(), rosterFile.read(), settings.core(), System.currentTimeMillis());
        Duration callBound = Duration.ofMillis(settings.moduleCallTimeoutMs());
        this.layers = new Layers(LayerTypes.exported(), problem -> {
            metrics.add(Metrics.LAYER_UPCALL_FAILURES, 1);
            events.add("layer-problem", "upcall", problem);
        });
        layers.register(context);
        JarPolicy policy = new JarPolicy(context, store);
        this.driver = new NodeDriver(node, peers, store, history, trustStore, rosterFile, policy::problem, metrics, events,
                System::currentTimeMillis, core -> switchCore(context, store, settings, core));
        store.whenDamaged(driver::jarLost);
        this.modules = new ModuleManager(context, store, new ModuleStates(settings.dataDir()), events, settings.nodeId(), callBound,
                new ModuleGossip(modulePeers, metrics, driver, settings.moduleExchangesPerSecond()), layers, driver::moduleFailed);
        this.guard = new ModuleInstallGuard(modules, events, () -> driver.view().current(), driver::onApplyThread,
                driver::later);
        context.addBundleListener(guard);
        AdminCredential credential = new AdminCredential(context.getProperty(AdminCredential.PROPERTY),
                new LoginBackoff(settings.loginFreeFailures(), settings.loginMaxBackoffMs()), metrics,
                () -> System.nanoTime() / 1_000_000);
        AdminService admin = new AdminService(settings, driver, modules, store, policy, events,
                trust.key() == null ? null : trust.key().id(), credential, metrics);
        registrations.add(context.registerService(GrapevineAdmin.class, admin, null));
        BodyReader bodies = BodyReader.from(context::getProperty, metrics);
        registerServlet(new CoreServlet(admin, driver, store, policy, metrics, keyring, keyringFile, bodies), "/core/*");
        registerServlet(new ModuleServlet(modules, driver, metrics, keyring, callBound, bodies), "/*");
        driver.start(new NodeDriver.Framework() {
            @Override
            public void apply(Configuration config) {
                modules.apply(config);
            }

            @Override
            public void restart(ModuleEntry module) {
                modules.restart(module);
            }
        });
    }

    /**
     * Leaves the core's jar where the launcher takes a candidate from, and stops the framework so
     * that it restarts on it (the launcher watches the candidate's probation and reverts it).
     */
    private static void switchCore(BundleContext context, BundleStore store, NodeSettings settings, ModuleEntry core) {
        try {
            Path folder = Files.createDirectories(settings.dataDir().resolve("core"));
            Path temp = Files.createTempFile(folder, "candidate", ".tmp");
            Files.write(temp, store.get(core.sha256()));
            Files.move(temp, folder.resolve("candidate.jar"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            System.err.println("grapevine: switching to core " + core.version() + " " + core.sha256().substring(0, 12)
                    + ": the node restarts");
            System.setProperty("grapevine.core.switch", core.sha256());
            new Thread(() -> {
                try {
                    context.getBundle(0).stop();
                } catch (org.osgi.framework.BundleException | IllegalStateException e) {
                    System.err.println("grapevine: cannot stop for the core switch: " + e.getMessage());
                }
            }, "grapevine-core-switch").start();
        } catch (IOException e) {
            System.err.println("grapevine: cannot switch to core " + core.sha256() + ": " + e.getMessage());
        }
    }

    private void registerServlet(Servlet servlet, String pattern) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", pattern);
        properties.put("osgi.http.whiteboard.servlet.asyncSupported", true); // bodies arrive, modules answer, without a thread
        registrations.add(context.registerService(Servlet.class, servlet, properties));
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(guard);
        registrations.forEach(registration -> {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the framework
            }
        });
        driver.leave(Duration.ofSeconds(5)); // the peer answers once its loop takes the message up
        driver.later(modules::stopAll);
        driver.close();
        layers.close();
        peers.close();
        modulePeers.close();
    }
}
