package io.grapevine.launcher;

import java.io.ByteArrayInputStream;
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
 *
 * <p>The core is the one bundle that may change: when the core asks for another (it stops the
 * framework with system property {@value #CORE_SWITCH} set), a new framework starts in this process
 * on the candidate, which must pass its probation ({@link Probation}) or the known-good core boots
 * again and the candidate is recorded bad ({@link CoreSlots}, kept by {@link CoreFiles}).
 */
public final class Main {
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    static final String CONSOLE_SECURITY_PROVIDERS = "felix.webconsole.security.providers";

    static final String STARTUP_FAILURE = "grapevine.startup.failure";
    /** Set by a core that stopped the framework to run on the core it left in {@code candidate.jar}. */
    static final String CORE_SWITCH = "grapevine.core.switch";
    /** The core's line in {@code /core/status}, read by the core at each call. */
    static final String CORE_STATE = "grapevine.core.state";
    private static final Duration CORE_WAIT = Duration.ofSeconds(120);

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
        Path shipped = bundles.stream().filter(CoreFiles::isCore).findFirst().orElse(null);
        // Without a core among the bundles (a custom assembly) nothing switches cores.
        CoreFiles cores = shipped == null ? null : new CoreFiles(node.data(), shipped);
        Signals signals = Signals.install();
        while (true) {
            Integer code = runFramework(options, properties, bundles, shipped, cores, signals);
            if (code != null) {
                return code;
            }
        }
    }

    /**
     * One framework's life, on the core {@code cores} says to boot: the exit code, or null to boot
     * again (the core asked to switch, or the candidate failed its probation).
     */
    private static Integer runFramework(NodeOptions options, Map<String, String> base, List<Path> bundles,
            Path shipped, CoreFiles cores, Signals signals) throws Exception {
        long bootNanos = System.nanoTime();
        CoreFiles.Booted core = cores == null ? null : cores.boot();
        Map<String, String> properties = new HashMap<>(base);
        System.clearProperty(CORE_SWITCH);
        System.clearProperty(STARTUP_FAILURE);
        if (core != null) {
            properties.put("grapevine.core.sha", core.sha());
            properties.put("grapevine.core.bad", String.join(",", core.slots().bad()));
            System.setProperty(CORE_STATE, core.line()); // a system property: changed while the core runs
            if (!core.line().startsWith("good ")) {
                System.err.println("grapevine: core " + core.line()); // news only: a probation or a revert
            }
        }
        properties.put("grapevine.framework.keys", String.join(",", properties.keySet().stream()
                .filter(key -> key.startsWith("grapevine.")).sorted().toList()));
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(properties);
        framework.init();
        if (signals.watch(framework)) {
            return 0;
        }
        startBundles(framework, bundles, shipped, core);
        framework.start();
        if (!serving(framework) && (framework.getState() & Bundle.ACTIVE) != 0) {
            // Taken between the check above and the HTTP server's bind, or HTTP failed otherwise.
            stop(framework);
            boolean taken = !HttpPort.free(options.bind(), options.port());
            System.err.println("grapevine: " + (taken ? HttpPort.takenMessage(options.port())
                    : "the HTTP server did not start on port " + options.port() + " (see the log above)"));
            return taken ? HttpPort.TAKEN_EXIT : 1;
        }
        boolean onProbation = core != null && core.candidate();
        CoreWatch watch = new CoreWatch(options);
        if (onProbation) {
            Duration deadline = Duration.ofMillis(options.coreProbationMs());
            Probation.Verdict verdict = watch.probation(framework, deadline, bootNanos);
            if (verdict != null && !verdict.passed()) {
                System.err.println("grapevine: core " + core.version() + " " + core.sha().substring(0, 12)
                        + " failed its probation (" + verdict.reason() + "): back to the known-good core");
                cores.failed(core, verdict.reason());
                stop(framework);
                return null;
            }
            if (verdict != null) {
                cores.passed(core);
                onProbation = false;
                System.setProperty(CORE_STATE, cores.slots().line(false, core.sha(), core.version()));
                System.err.println("grapevine: core " + core.version() + " " + core.sha().substring(0, 12)
                        + " passed its probation in " + (System.nanoTime() - bootNanos) / 1_000_000
                        + " ms: it is the known-good core now");
            }
        } else if (coreStarted(framework) != null) {
            // The core said what and where on its way down; the process says it failed.
            stop(framework);
            return 1;
        }
        if (core != null && core.slots().reverted() != null && !core.candidate()) {
            watch.clearRevert(framework, cores, () -> System.setProperty(CORE_STATE,
                    cores.slots().line(false, core.sha(), core.version())));
        }
        if ((framework.getState() & Bundle.ACTIVE) != 0) {
            System.err.println("grapevine: node " + properties.get("grapevine.node.id") + " listening on http://"
                    + options.address() + "/  (bound to " + options.bind()
                    + "; console: /system/console, status: /core/status)");
        }
        FrameworkEvent event = framework.waitForStop(0);
        String switchTo = System.getProperty(CORE_SWITCH);
        if (signals.asked()) {
            if (onProbation) {
                cores.update(CoreSlots::stoppedCleanly);
            }
            return 0;
        }
        if (switchTo != null && cores != null) {
            if (!cores.switchTo(switchTo, core.sha())) {
                System.err.println("grapevine: not switching to core " + switchTo + ": it is not in "
                        + CoreFiles.CANDIDATE + ", or was found bad");
            }
            return null;
        }
        if (onProbation) {
            cores.failed(core, "its framework stopped during probation");
            return null;
        }
        return event.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    private static void stop(Framework framework) throws BundleException, InterruptedException {
        framework.stop();
        framework.waitForStop(STOP_WAIT.toMillis());
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

    /** Installs the bundles in order, {@code core} in the place of the shipped core, and starts them. */
    private static void startBundles(Framework framework, List<Path> files, Path shipped, CoreFiles.Booted core)
            throws BundleException {
        List<Bundle> installed = new ArrayList<>();
        for (Path file : files) {
            installed.add(core != null && file.equals(shipped)
                    ? framework.getBundleContext().installBundle("grapevine:core:" + core.sha(),
                            new ByteArrayInputStream(core.jar()))
                    : framework.getBundleContext().installBundle(file.toUri().toString()));
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
    }

    /** SIGTERM and Ctrl-C stop the framework that runs; {@link #run} then returns 0. */
    private static final class Signals {
        private final AtomicBoolean asked = new AtomicBoolean();
        private volatile Framework framework;

        @SuppressWarnings("restriction")
        static Signals install() {
            Signals signals = new Signals();
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signals::stop);
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signals::stop);
            return signals;
        }

        /** The framework a signal stops from now on; true when one came already. */
        boolean watch(Framework next) {
            framework = next;
            return asked.get();
        }

        boolean asked() {
            return asked.get();
        }

        @SuppressWarnings("restriction")
        private void stop(sun.misc.Signal signal) {
            if (asked.compareAndSet(false, true)) {
                System.err.println("grapevine: stopping on SIG" + signal.getName());
                Framework running = framework;
                if (running != null) {
                    new Thread(() -> {
                        try {
                            running.stop();
                        } catch (BundleException e) {
                            System.err.println("grapevine: stop failed: " + e);
                        }
                    }, "grapevine-stop").start();
                }
            }
        }
    }
}
