package io.grapevine.core.modules;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.telemetry.EventLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Keeps this node on the cluster's deployment when a bundle is installed or a module updated behind
 * the core's back (the Web Console's Bundles page, Gogo's {@code install}/{@code update}): such a
 * change would reach this node only, so the node would diverge from the cluster silently. The core
 * reverts it on its apply thread and logs an {@value #EVENT} event saying why: a module bundle
 * installed outside the core is uninstalled, so is any bundle installed through the Web Console or
 * Gogo once the core runs, and a bundle of the core's modules that someone else updated or
 * uninstalled is put back on the jar the deployment names. Bundles others install (the launcher's
 * {@code bundle/} folder before the core starts, Karaf's features service, a test framework) are
 * left alone unless they are modules.
 *
 * <p>Which tool installs a bundle shows on the installing thread's stack ({@link #operatorTool}),
 * the one this synchronous listener is called on: the event's origin cannot tell, as Gogo's
 * commands install with the system bundle's context, like the launcher does.
 */
public final class ModuleInstallGuard implements SynchronousBundleListener {
    public static final String EVENT = io.grapevine.core.admin.Event.OUTSIDE_CHANGE_REVERTED;
    private static final int MAX_DESCRIPTOR = 1 << 20;
    private static final String CONSOLE = "org.apache.felix.webconsole.";
    /** Felix's shell, and Karaf's, which embeds Gogo's runtime. */
    private static final String GOGO = "org.apache.felix.gogo.";
    /** Karaf's features service: it installs the bundles of a feature, even one typed in Karaf's shell. */
    private static final String FEATURES = "org.apache.karaf.features.";

    private final ModuleManager modules;
    private final EventLog events;
    private final Supplier<Configuration> current;
    private final BooleanSupplier onApplyThread;
    private final Consumer<Runnable> later;
    private final Supplier<String> installer;

    /**
     * @param current the configuration the node runs
     * @param onApplyThread true on the thread where the core changes bundles itself
     * @param later runs a task on that thread
     */
    public ModuleInstallGuard(ModuleManager modules, EventLog events, Supplier<Configuration> current,
            BooleanSupplier onApplyThread, Consumer<Runnable> later) {
        this(modules, events, current, onApplyThread, later, () -> StackWalker.getInstance()
                .walk(frames -> operatorTool(frames.map(StackWalker.StackFrame::getClassName).toList())));
    }

    /** @param installer the operator's tool that installs a bundle on this thread, or null (see {@link #operatorTool}) */
    ModuleInstallGuard(ModuleManager modules, EventLog events, Supplier<Configuration> current,
            BooleanSupplier onApplyThread, Consumer<Runnable> later, Supplier<String> installer) {
        this.modules = modules;
        this.events = events;
        this.current = current;
        this.onApplyThread = onApplyThread;
        this.later = later;
        this.installer = installer;
    }

    /**
     * "the Web Console" or "Gogo" when the classes of a thread's stack show that tool installing, else
     * null: also when Karaf's features service installs, whatever asked it to.
     */
    static String operatorTool(List<String> stackClasses) {
        String tool = null;
        for (String name : stackClasses) {
            if (name.startsWith(FEATURES)) {
                return null;
            }
            if (tool == null && name.startsWith(CONSOLE)) {
                tool = "the Web Console";
            } else if (tool == null && name.startsWith(GOGO)) {
                tool = "Gogo";
            }
        }
        return tool;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        int type = event.getType();
        if (onApplyThread.getAsBoolean() || (type != BundleEvent.INSTALLED && type != BundleEvent.UPDATED
                && type != BundleEvent.UNINSTALLED)) {
            return;
        }
        String location = bundle.getLocation();
        try {
            if (location.startsWith(ModuleManager.LOCATION_PREFIX) && type != BundleEvent.INSTALLED) {
                String module = location.substring(ModuleManager.LOCATION_PREFIX.length());
                events.add(EVENT, module, "its bundle was " + (type == BundleEvent.UPDATED ? "updated"
                        : "uninstalled") + " outside Grapevine; restored to the jar of the deployment");
                later.accept(() -> modules.restore(module));
            } else if (type == BundleEvent.INSTALLED && !location.startsWith(ModuleManager.LOCATION_PREFIX)) {
                String by = installer.get();
                if (isModule(bundle)) {
                    events.add(EVENT, bundle.getSymbolicName(), "installed outside Grapevine from " + location
                            + "; uninstalled: deploy modules as deployments, for the whole cluster");
                    later.accept(() -> uninstall(bundle));
                } else if (by != null) {
                    events.add(EVENT, bundle.getSymbolicName(), "installed outside Grapevine through " + by + " from "
                            + location + "; uninstalled: a node runs only the bundles it started with and the"
                            + " modules deployed to the whole cluster");
                    later.accept(() -> uninstall(bundle));
                }
            }
        } catch (RejectedExecutionException e) {
            // The core is stopping: nothing runs modules any more.
        }
    }

    /** A module of the current deployment by name, or any bundle declaring a Module component. */
    private boolean isModule(Bundle bundle) {
        if (current.get().module(String.valueOf(bundle.getSymbolicName())).isPresent()) {
            return true;
        }
        Enumeration<String> paths = bundle.getHeaders("").get("Service-Component") == null ? null
                : bundle.getEntryPaths("OSGI-INF/");
        while (paths != null && paths.hasMoreElements()) {
            URL entry = bundle.getEntry(paths.nextElement());
            if (entry != null && entry.getPath().endsWith(".xml")) {
                try (InputStream in = entry.openStream()) {
                    String text = new String(in.readNBytes(MAX_DESCRIPTOR), StandardCharsets.UTF_8);
                    if (ModuleJar.PROVIDES_MODULE.matcher(text).find()) {
                        return true;
                    }
                } catch (IOException e) {
                    // An unreadable descriptor declares nothing.
                }
            }
        }
        return false;
    }

    private void uninstall(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            // Already gone.
        }
    }
}
