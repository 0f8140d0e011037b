package io.grapevine.core;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.admin.Event;
import io.grapevine.core.admin.GrapevineAdmin;
import io.grapevine.core.admin.HistoryEntry;
import io.grapevine.core.admin.NodeStatus;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.driver.NodeDriver;
import io.grapevine.core.driver.Refused;
import io.grapevine.core.modules.JarPolicy;
import io.grapevine.core.modules.ModuleJar;
import io.grapevine.core.modules.ModuleManager;
import io.grapevine.core.modules.ModuleState;
import io.grapevine.core.node.Jar;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.telemetry.EventLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin service (what the console, Gogo and {@code POST /core/...} use): checks an uploaded
 * jar as every jar is checked, stores it, and hands the command to the driver.
 */
final class AdminService implements GrapevineAdmin {
    private final NodeSettings settings;
    private final NodeDriver driver;
    private final ModuleManager modules;
    private final BundleStore store;
    private final JarPolicy policy;
    private final EventLog events;
    private final long startedNanos = System.nanoTime();

    AdminService(NodeSettings settings, NodeDriver driver, ModuleManager modules, BundleStore store, JarPolicy policy,
            EventLog events) {
        this.policy = policy;
        this.settings = settings;
        this.driver = driver;
        this.modules = modules;
        this.store = store;
        this.events = events;
    }

    @Override
    public NodeStatus status() {
        NodeDriver.View view = driver.view();
        List<NodeStatus.ModuleStatus> moduleStates = modules.states().stream().map(AdminService::moduleStatus).toList();
        long now = System.currentTimeMillis();
        List<NodeStatus.Hint> hints = new ArrayList<>();
        view.peers().forEach((peer, heard) -> hints.add(new NodeStatus.Hint(peer,
                heard == null || heard.deployment() == null ? null : heard.deployment().toString(),
                heard == null ? null : now - heard.atMillis())));
        DeploymentNumber applied = view.applied().deployment();
        return new NodeStatus(settings.nodeId(), settings.address(), (System.nanoTime() - startedNanos) / 1_000_000,
                applied == null ? null : applied.toString(), moduleStates, settings.rendezvous(), hints);
    }

    @Override
    public List<HistoryEntry> history() {
        return driver.view().history().stream().map(AdminService::entry).toList();
    }

    @Override
    public List<Event> events() {
        return events.all();
    }

    @Override
    public long maxBundleBytes() {
        return store.maxBytes();
    }

    @Override
    public String deployerKeyId() {
        return null;
    }

    @Override
    public String deploy(byte[] jar) throws AdminException {
        ModuleJar module = policy.admit(jar);
        try {
            String sha = store.put(jar);
            return driver.deploy(new Jar(module.name(), sha, jar.length, module.version())).toString();
        } catch (IOException e) {
            throw new AdminException(507, "cannot store the jar: " + e.getMessage());
        } catch (Refused e) {
            throw new AdminException(e.status(), e.getMessage());
        }
    }

    @Override
    public String rollback(String deployment) throws AdminException {
        try {
            return driver.rollback(DeploymentNumber.parse(deployment)).toString();
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, e.getMessage());
        } catch (Refused e) {
            throw new AdminException(e.status(), e.getMessage());
        }
    }

    @Override
    public String undeploy(String module) throws AdminException {
        try {
            return driver.undeploy(module).toString();
        } catch (Refused e) {
            throw new AdminException(e.status(), e.getMessage());
        }
    }

    private static NodeStatus.ModuleStatus moduleStatus(ModuleState state) {
        ModuleEntry m = state.entry();
        return new NodeStatus.ModuleStatus(m.name(), m.version(), m.sha256(), m.deployment().toString(),
                state.state(), state.reason());
    }

    private static HistoryEntry entry(Configuration config) {
        return new HistoryEntry(config.deployment().toString(), config.modules().stream()
                .map(m -> new HistoryEntry.Module(m.name(), m.version(), m.sha256(), m.size(), m.deployment().toString()))
                .toList(), List.of());
    }
}
