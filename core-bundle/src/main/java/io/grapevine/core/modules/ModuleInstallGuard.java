package io.grapevine.core.modules;

import io.grapevine.core.GrapevineCore;
import io.grapevine.core.admin.Event;
import io.grapevine.core.deploy.ModuleJar;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps this node on the cluster's deployment when a Grapevine module is installed or updated
 * behind the core's back (the Web Console's Bundles page, Gogo's {@code install}/{@code update}):
 * such a change would reach this node only, so the node would diverge from the cluster silently.
 * The core reverts it on its deployment thread and logs an {@value #EVENT} event saying why: a
 * module bundle installed outside the core is uninstalled, and a bundle of the core's modules that
 * someone else updated or uninstalled is put back on the jar the deployment names.
 */
@Component(service = {}, immediate = true)
public class ModuleInstallGuard implements SynchronousBundleListener {
    private static final String EVENT = Event.OUTSIDE_CHANGE_REVERTED;
    private static final int MAX_DESCRIPTOR = 1 << 20;

    private final GrapevineCore core;
    private final BundleContext context;

    @Activate
    public ModuleInstallGuard(@Reference GrapevineCore core, BundleContext context) {
        this.core = core;
        this.context = context;
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        int type = event.getType();
        if (core.onDeploymentThread() || (type != BundleEvent.INSTALLED && type != BundleEvent.UPDATED
                && type != BundleEvent.UNINSTALLED)) {
            return;
        }
        String location = bundle.getLocation();
        try {
            if (location.startsWith(ModuleManager.LOCATION_PREFIX) && type != BundleEvent.INSTALLED) {
                String module = location.substring(ModuleManager.LOCATION_PREFIX.length());
                core.events().add(EVENT, module, "its bundle was " + (type == BundleEvent.UPDATED ? "updated"
                        : "uninstalled") + " outside Grapevine; restored to the jar of the deployment");
                core.later(() -> core.modules().restore(module));
            } else if (type == BundleEvent.INSTALLED && !location.startsWith(ModuleManager.LOCATION_PREFIX)
                    && isModule(bundle)) {
                core.events().add(EVENT, bundle.getSymbolicName(), "installed outside Grapevine from " + location
                        + "; uninstalled: deploy modules as deployments, for the whole cluster");
                core.later(() -> uninstall(bundle));
            }
        } catch (RejectedExecutionException e) {
            // The core is stopping: nothing runs modules any more.
        }
    }

    /** A module of the current deployment by name, or any bundle declaring a Module component. */
    private boolean isModule(Bundle bundle) {
        if (core.configuration().module(String.valueOf(bundle.getSymbolicName())).isPresent()) {
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
