package io.grapevine.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts one Grapevine node: an embedded Felix with the bundles of {@code bundle/} installed and
 * started in the order of their file names. Runs in the foreground; SIGTERM or Ctrl-C stops the
 * framework cleanly and the process exits 0. Exit code 2 for bad options, 3 when another process
 * holds the HTTP port ({@link HttpPort}), 1 when the node fails otherwise.
 */
public final class Main {
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    static final String CONSOLE_SECURITY_PROVIDERS = "felix.webconsole.security.providers";

    static final String STARTUP_FAILURE = "grapevine.startup.failure";
    private static final java.time.Duration CORE_WAIT = java.time.Duration.ofSeconds(120);

    private Main() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("grapevine.home", ".")).toAbsolutePath().normalize();
        int code;
        try {
            code = run(home, args);
        } catch (UsageException e) {
            System.err.println("grapevine: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("grapevine: node failed: " + e);
            code = 1;
        }
        System.exit(code);
    }

    static int run(Path home, String[] args) throws Exception {
        NodeOptions options = NodeOptions.parse(args, NodeOptions.load(home.resolve("conf/grapevine.properties")),
                System.getenv());
        if (options.help()) {
            System.out.print(NodeOptions.USAGE);
            return 0;
        }
        if (!HttpPort.free(options.bind(), options.port())) {
            System.err.println("grapevine: " + HttpPort.takenMessage(options.port()));
            return HttpPort.TAKEN_EXIT;
        }
        List<Path> bundles = bundleFiles(home.resolve("bundle"));
        NodeHome node = new NodeHome(options.data());
        Map<String, String> properties = frameworkProperties(home, options, node);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(properties);
        framework.init();
        stopOnSignal(framework);
        startBundles(framework, bundles);
        framework.start();
        if (!serving(framework) && (framework.getState() & Bundle.ACTIVE) != 0) {
            // Taken between the check above and the HTTP server's bind, or HTTP failed otherwise.
            framework.stop();
            framework.waitForStop(STOP_WAIT.toMillis());
            boolean taken = !HttpPort.free(options.bind(), options.port());
            System.err.println("grapevine: " + (taken ? HttpPort.takenMessage(options.port())
                    : "the HTTP server did not start on port " + options.port() + " (see the log above)"));
            return taken ? HttpPort.TAKEN_EXIT : 1;
        }
        String failure = coreStarted(framework);
        if (failure != null) {
            // The core said what and where on its way down; the process says it failed.
            framework.stop();
            framework.waitForStop(STOP_WAIT.toMillis());
            return 1;
        }
        System.err.println("grapevine: node " + properties.get("grapevine.node.id") + " listening on http://"
                + options.address() + "/  (bound to " + options.bind()
                + "; console: /system/console, status: /core/status)");
        FrameworkEvent event = framework.waitForStop(0);
        return event.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /**
     * Waits for the core to register its admin service; returns null when it did, else why not (the
     * core reports a failed start in system property {@code grapevine.startup.failure}).
     */
    private static String coreStarted(Framework framework) throws InterruptedException {
        long deadline = System.nanoTime() + CORE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String failure = System.getProperty(STARTUP_FAILURE);
            if (failure != null) {
                return failure;
            }
            try {
                if (framework.getBundleContext().getServiceReference("io.grapevine.core.admin.GrapevineAdmin") != null) {
                    return null;
                }
            } catch (IllegalStateException e) {
                return "the framework stopped";
            }
            Thread.sleep(20);
        }
        System.err.println("grapevine: the core did not start within " + CORE_WAIT.toSeconds() + " s (see the log above)");
        return "timeout";
    }

    /** Whether the HTTP server listens; false too when a signal stopped the framework meanwhile. */
    private static boolean serving(Framework framework) throws InterruptedException {
        try {
            return HttpPort.serving(framework.getBundleContext(), HttpPort.START_WAIT);
        } catch (IllegalStateException e) {
            return false; // the framework stopped: its context is gone
        }
    }

    static List<Path> bundleFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("no bundle folder at " + folder);
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static Map<String, String> frameworkProperties(Path home, NodeOptions options, NodeHome node)
            throws IOException, UsageException {
        Map<String, String> properties = new HashMap<>();
        // -D<key>=<value> in JAVA_OPTS overrides the file (Felix reads its own map before system properties).
        NodeOptions.load(home.resolve("conf/framework.properties")).forEach((key, value) -> properties.put(
                key.toString(), System.getProperty(key.toString(), value.toString())));
        properties.put(Constants.FRAMEWORK_STORAGE, node.data().resolve("felix-cache").toString());
        properties.put("org.osgi.service.http.port", Integer.toString(options.port()));
        properties.put("org.apache.felix.http.host", options.bind());
        properties.put("grapevine.node.id", node.nodeId(options.nodeId()));
        properties.put("grapevine.address", options.address());
        properties.put("grapevine.data", node.data().toString());
        properties.put("grapevine.rendezvous", options.rendezvous());
        properties.put("gosh.args", options.shell() ? "" : "--nointeractive");
        // Under this launcher a core that cannot start says why and the process exits non-zero.
        properties.put("grapevine.exit.on.failure", "true");
        properties.put("grapevine.framework.keys", String.join(",", properties.keySet().stream()
                .filter(key -> key.startsWith("grapevine.")).sorted().toList()));
        if (options.trust() != null) {
            properties.put("grapevine.trust.file", options.trust().toString());
        }
        if (options.clusterKey() != null) {
            properties.put("grapevine.cluster.key.file", options.clusterKey().toString());
        }
        if (options.deployerKey() != null) {
            properties.put("grapevine.deployer.key.file", options.deployerKey().toString());
        }
        // One login for the REST API and the Web Console, checked by the core (PBKDF2 and a back-off):
        // the console serves no page until the console bundle's security provider "grapevine" is
        // there, so its built-in login (felix.webconsole.password, admin/admin by default) never runs.
        properties.put("grapevine.admin.password", AdminPassword.hash(adminPassword(options, node)));
        properties.put(CONSOLE_SECURITY_PROVIDERS, "grapevine");
        return properties;
    }

    private static String adminPassword(NodeOptions options, NodeHome node) throws IOException {
        if (options.adminPassword() != null) {
            return options.adminPassword();
        }
        String kept = node.keptPassword();
        if (kept != null && !kept.isEmpty()) {
            return kept;
        }
        String generated = node.generatePassword();
        System.err.println("grapevine: generated the admin password for the Web Console and admin API: "
                + generated + "  (kept in " + node.passwordFile() + ", readable by you only)");
        return generated;
    }

    private static void startBundles(Framework framework, List<Path> files) throws BundleException {
        List<Bundle> installed = new ArrayList<>();
        for (Path file : files) {
            installed.add(framework.getBundleContext().installBundle(file.toUri().toString()));
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
    }

    /** SIGTERM and Ctrl-C stop the framework; {@link #run} then returns and the exit code is 0. */
    @SuppressWarnings("restriction")
    private static void stopOnSignal(Framework framework) {
        AtomicBoolean stopping = new AtomicBoolean();
        sun.misc.SignalHandler stop = signal -> {
            if (stopping.compareAndSet(false, true)) {
                System.err.println("grapevine: stopping on SIG" + signal.getName());
                Thread stopper = new Thread(() -> {
                    try {
                        framework.stop();
                    } catch (BundleException e) {
                        System.err.println("grapevine: stop failed: " + e);
                    }
                }, "grapevine-stop");
                stopper.start();
            }
        };
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), stop);
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), stop);
    }
}
