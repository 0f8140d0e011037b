package io.grapevine.core.modules;

import io.grapevine.api.Module;
import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.RequestHandler;
import io.grapevine.core.telemetry.EventLog;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.modules.ModuleThread.ModuleCallException;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.store.ModuleStates;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Makes the framework run a configuration: installs new modules, updates changed ones, uninstalls
 * removed ones. For a changed module: old {@code transferState()}, old {@code stop()}, bundle
 * update and refresh, wait for the new {@code Module} service, new {@code acceptState(state)},
 * new {@code start(context)} — the old and new never run at once. A module that fails is marked
 * failed on this node; the rest of the configuration still applies.
 *
 * <p>Changes run on the driver's apply thread only; {@link #states()} and {@link #running} are
 * read from any thread, so every access to the table holds its lock.
 */
public final class ModuleManager {
    public static final String LOCATION_PREFIX = "grapevine:module:";
    /** Requests that may wait for one module; more are refused at once, so a flood costs only that module. */
    public static final int QUEUED = 64;

    private final BundleContext context;
    private final BundleStore store;
    private final EventLog events;
    private final String nodeId;
    private final Duration callBound;
    private final ModuleNetwork network;
    private final io.grapevine.core.layers.LayerHost layers;
    private final Map<String, RunningModule> modules = new LinkedHashMap<>();
    private final ModuleStates saved;
    private final java.util.function.Consumer<ModuleEntry> failures;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "grapevine-module-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    public ModuleManager(BundleContext context, BundleStore store, ModuleStates saved, EventLog events, String nodeId,
            Duration callBound, ModuleNetwork network, io.grapevine.core.layers.LayerHost layers,
            java.util.function.Consumer<ModuleEntry> failures) {
        this.failures = failures;
        this.saved = saved;
        this.context = context;
        this.layers = layers;
        this.network = network;
        this.store = store;
        this.events = events;
        this.nodeId = nodeId;
        this.callBound = callBound;
    }

    public void apply(Configuration target) {
        Map<String, ModuleEntry> wanted = target.byName();
        wanted.remove(ModuleEntry.CORE); // the launcher runs the core; it is no module of the framework's
        for (RunningModule module : snapshot()) {
            if (!wanted.containsKey(module.entry().name())) {
                synchronized (this) {
                    modules.remove(module.entry().name());
                }
                remove(module);
            }
        }
        for (ModuleEntry entry : wanted.values()) {
            RunningModule current;
            synchronized (this) {
                current = modules.get(entry.name());
            }
            // A module whose jar could not be installed (damaged on disk, now fetched again) is tried
            // again; one without a bundle is installed afresh, as it has none to update.
            boolean neverInstalled = current != null && current.bundle() == null && !current.state().running();
            if (current == null || !current.entry().sameCode(entry) || neverInstalled) {
                synchronized (this) {
                    // Until the new version runs, status says so and no request reaches either.
                    modules.put(entry.name(), RunningModule.starting(entry, current));
                }
                settle(replace(current != null && current.bundle() == null ? null : current, entry));
            }
        }
    }

    /**
     * Starts {@code module} again after it failed (the node decided when): the steps of a
     * deployment of the same jar. Nothing happens when it runs, or another version replaced it.
     */
    public void restart(ModuleEntry module) {
        RunningModule current;
        synchronized (this) {
            current = modules.get(module.name());
            if (current == null || !current.entry().sameCode(module) || !"failed".equals(current.state().state())) {
                return;
            }
            modules.put(module.name(), RunningModule.starting(current.entry(), current));
        }
        events.add("module-restarting", module.name() + " " + module.version(), "it failed: "
                + current.state().reason());
        settle(replace(current.bundle() == null ? null : current, current.entry()));
    }

    /** {@code next} is what its name runs now; a failed one is reported, for the node to plan a restart. */
    private void settle(RunningModule next) {
        synchronized (this) {
            modules.put(next.entry().name(), next);
        }
        if (!next.state().running()) {
            failures.accept(next.entry());
        }
    }

    /**
     * Puts module {@code name} back on the jar its configuration names, after someone other than
     * the core updated or uninstalled its bundle: the same steps as a deployment of that jar.
     */
    public void restore(String name) {
        RunningModule current;
        synchronized (this) {
            current = modules.get(name);
        }
        if (current == null) {
            return;
        }
        boolean gone = current.bundle() == null || current.bundle().getState() == Bundle.UNINSTALLED;
        if (gone) {
            stopQuietly(current);
        }
        settle(replace(gone ? null : current, current.entry()));
    }

    /**
     * Stops every module (the core is going away), keeping the state each hands over for its next
     * start; bundles stay for the framework to stop.
     */
    public void stopAll() {
        for (RunningModule module : snapshot()) {
            if (module.state().running()) {
                String label = module.entry().name() + " " + module.entry().version();
                module.context().close();
                module.thread().dropQueued();
                try {
                    String state = module.thread().call("transferState", callBound, module.module()::transferState);
                    if (state != null) {
                        saved.put(module.entry().name(), module.entry().sha256(), state);
                        events.add("module-state-saved", label, state.length() + " chars, for the next start");
                    }
                } catch (ModuleCallException | IOException e) {
                    events.add("module-error", label, "state not saved at stop: " + e.getMessage());
                }
            }
            stopQuietly(module);
        }
        watchdog.shutdownNow();
    }

    public synchronized List<ModuleState> states() {
        return modules.values().stream().map(RunningModule::state).toList();
    }

    public synchronized Optional<RunningModule> running(String name) {
        return Optional.ofNullable(modules.get(name)).filter(m -> m.state().running());
    }

    /**
     * Queues {@code request} for the running module {@code name} on its thread and returns at once;
     * completes empty when no such module runs or it serves no requests. A module with
     * {@value #QUEUED} requests waiting refuses more at once (RejectedExecutionException); a handler
     * that overruns {@code bound} marks the module failed.
     */
    public CompletableFuture<Optional<ModuleResponse>> route(String name, ModuleRequest request, Duration bound) {
        Optional<RunningModule> module = running(name);
        RequestHandler handler = module.map(m -> m.context().handler()).orElse(null);
        if (handler == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return module.get().thread().submit("request handler", bound, QUEUED, watchdog,
                () -> fail(module.get(), "request handler did not return within " + bound.toMillis() + " ms"),
                () -> Optional.of(Optional.ofNullable(handler.handle(request))
                        .orElse(ModuleResponse.text(500, "module returned no response"))));
    }

    /** Marks a running module failed when its thread is gone, unless a deployment replaced it meanwhile. */
    private void fail(RunningModule module, String reason) {
        synchronized (this) {
            if (modules.get(module.entry().name()) != module) {
                return;
            }
            modules.put(module.entry().name(), RunningModule.failed(module.entry(), module.bundle(), reason));
        }
        module.context().close();
        events.add("module-failed", module.entry().name() + " " + module.entry().version(), reason);
        failures.accept(module.entry());
    }

    private synchronized List<RunningModule> snapshot() {
        return new ArrayList<>(modules.values());
    }

    private RunningModule replace(RunningModule old, ModuleEntry entry) {
        String label = entry.name() + " " + entry.version();
        RunningModule.Handover state = RunningModule.Handover.NONE;
        Bundle bundle;
        try {
            byte[] jar = store.get(entry.sha256());
            if (old == null) {
                state = saved.take(entry.name(), entry.sha256()).map(s -> new RunningModule.Handover(s, null))
                        .orElse(RunningModule.Handover.NONE);
                bundle = context.installBundle(LOCATION_PREFIX + entry.name(), new ByteArrayInputStream(jar));
            } else {
                state = handOver(old);
                bundle = old.bundle();
                bundle.update(new ByteArrayInputStream(jar));
                refresh(bundle);
            }
            bundle.start();
        } catch (Exception e) {
            events.add("module-failed", label, "install: " + e.getMessage());
            return RunningModule.failed(entry, old == null ? null : old.bundle(), "install failed: " + e.getMessage());
        }
        return activate(entry, bundle, state);
    }

    /** Old module's transferState then stop; a failure costs the state, never the update. */
    private RunningModule.Handover handOver(RunningModule old) {
        RunningModule.Handover state = RunningModule.Handover.NONE;
        if (old.state().running()) {
            // No new request reaches it, and those waiting go: its state call is next, not 64th.
            old.context().close();
            old.thread().dropQueued();
            String label = old.entry().name() + " " + old.entry().version();
            try {
                String handed = old.thread().call("transferState", callBound, old.module()::transferState);
                state = new RunningModule.Handover(handed, null);
                events.add("module-state-transferred", label, (handed == null ? 0 : handed.length()) + " chars");
            } catch (ModuleCallException e) {
                state = new RunningModule.Handover(null, e.getMessage());
                events.add("module-failed", label, e.getMessage() + "; the next version starts without state");
            }
        }
        stopQuietly(old);
        return state;
    }

    private RunningModule activate(ModuleEntry entry, Bundle bundle, RunningModule.Handover handover) {
        String state = handover.state();
        String label = entry.name() + " " + entry.version();
        Module module = waitForModule(bundle);
        if (module == null) {
            events.add("module-failed", label, "no Module service");
            return RunningModule.failed(entry, bundle, "bundle started but provided no Module service within "
                    + callBound.toMillis() + " ms");
        }
        ModuleThread thread = new ModuleThread(entry.name());
        ModuleContextImpl moduleContext = new ModuleContextImpl(nodeId, entry.name(), entry.deployment(), thread,
                network, layers, problem -> events.add("module-error", label, problem));
        try {
            if (state != null) {
                thread.call("acceptState", callBound, () -> {
                    module.acceptState(state);
                    return null;
                });
                events.add("module-state-accepted", label, state.length() + " chars");
            }
            thread.call("start", callBound, () -> {
                module.start(moduleContext);
                return null;
            });
        } catch (ModuleCallException e) {
            moduleContext.close();
            thread.abandon();
            events.add("module-failed", label, e.getMessage());
            return RunningModule.failed(entry, bundle, e.getMessage());
        }
        events.add("module-started", label, "deployment " + entry.deployment());
        return RunningModule.running(entry, bundle, module, moduleContext, handover);
    }

    private Module waitForModule(Bundle bundle) {
        String filter = "(&(objectClass=" + Module.class.getName() + ")(service.bundleid=" + bundle.getBundleId() + "))";
        ServiceTracker<Module, Module> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open();
        try {
            if (tracker.waitForService(callBound.toMillis()) == null) {
                return null;
            }
            // The core's own use of the service, held until the bundle goes: when the tracker
            // releases its use, DS would deactivate a delayed component the core still calls.
            return context.getService(tracker.getServiceReference());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            // A component whose constructor or activate throws: DS gives nothing.
            return null;
        } finally {
            tracker.close();
        }
    }

    private void remove(RunningModule module) {
        stopQuietly(module);
        String label = module.entry().name() + " " + module.entry().version();
        try {
            if (module.bundle() != null) {
                module.bundle().uninstall();
                refresh(module.bundle());
            }
            events.add("module-removed", label, "");
        } catch (BundleException | RuntimeException e) {
            events.add("module-error", label, "uninstall: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopQuietly(RunningModule module) {
        if (!module.state().running()) {
            return;
        }
        String label = module.entry().name() + " " + module.entry().version();
        module.context().close();
        try {
            module.thread().call("stop", callBound, () -> {
                module.module().stop();
                return null;
            });
            events.add("module-stopped", label, "");
        } catch (ModuleCallException e) {
            events.add("module-failed", label, e.getMessage());
        } finally {
            module.thread().abandon();
        }
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("bundle refresh did not finish within 30 s");
        }
    }
}
