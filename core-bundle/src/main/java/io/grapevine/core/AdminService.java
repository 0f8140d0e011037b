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
import io.grapevine.core.http.AdminCredential;
import io.grapevine.core.modules.JarPolicy;
import io.grapevine.core.modules.ModuleManager;
import io.grapevine.core.modules.ModuleState;
import io.grapevine.core.node.Change;
import io.grapevine.core.node.Roster;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.telemetry.EventLog;
import io.grapevine.core.telemetry.Metrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin service (what the console, Gogo and {@code POST /core/...} use): checks an uploaded
 * jar as every jar is checked, stores it, and hands the change to the driver, which signs it with
 * this node's deployer key. It also checks the admin's login, for the REST API and the Web
 * Console alike ({@link AdminCredential}).
 */
final class AdminService implements GrapevineAdmin {
    private final NodeSettings settings;
    private final NodeDriver driver;
    private final ModuleManager modules;
    private final BundleStore store;
    private final JarPolicy policy;
    private final EventLog events;
    private final String keyId;
    private final AdminCredential credential;
    private final Metrics metrics;
    private final long startedNanos = System.nanoTime();

    AdminService(NodeSettings settings, NodeDriver driver, ModuleManager modules, BundleStore store, JarPolicy policy,
            EventLog events, String keyId, AdminCredential credential, Metrics metrics) {
        this.policy = policy;
        this.settings = settings;
        this.driver = driver;
        this.modules = modules;
        this.store = store;
        this.events = events;
        this.keyId = keyId;
        this.credential = credential;
        this.metrics = metrics;
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
        List<NodeStatus.Member> roster = new ArrayList<>();
        // Read at each call: the launcher (in this JVM) changes it when a probation ends or a revert is cleared.
        String core = System.getProperty(NodeSettings.CORE_STATE, settings.coreState());
        roster.add(new NodeStatus.Member(settings.address(), token(view.current().deployment()), "alive", 0,
                core != null && core.startsWith("reverted ") ? "reverted " + core.split(" ")[1] : null));
        for (Roster.Member m : view.roster()) {
            roster.add(new NodeStatus.Member(m.address(), token(m.deployment()),
                    Roster.state(m, now, settings.suspectMs(), settings.downMs()), Math.max(0, now - m.heardAt()),
                    m.coreReverted() == null ? null : "reverted " + m.coreReverted().substring(0, 12)));
        }
        int size = (int) roster.stream().filter(m -> !m.state().equals("left")).count();
        return new NodeStatus(settings.nodeId(), settings.address(), (System.nanoTime() - startedNanos) / 1_000_000,
                token(applied), moduleStates, settings.rendezvous(), hints, size, roster, core);
    }

    private static String token(DeploymentNumber number) {
        return number == null ? null : number.toString();
    }

    @Override
    public List<HistoryEntry> history() {
        NodeDriver.View view = driver.view();
        return view.history().stream().map(config -> entry(config, view.trust().validSigners(config))).toList();
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
        return keyId;
    }

    @Override
    public String deploy(byte[] jar) throws AdminException {
        return driver.change(new Change.Deploy(policy.stage(jar))).config().deployment().toString();
    }

    @Override
    public String rollback(String deployment) throws AdminException {
        DeploymentNumber target;
        try {
            target = DeploymentNumber.parse(deployment);
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, e.getMessage());
        }
        return driver.change(new Change.Rollback(target)).config().deployment().toString();
    }

    @Override
    public String undeploy(String module) throws AdminException {
        return driver.change(new Change.Undeploy(module)).config().deployment().toString();
    }

    @Override
    public void checkAdmin(String user, String password, String client) throws AdminException {
        credential.check(user, password, client);
    }

    @Override
    public void countRefusal(String reason) {
        metrics.add(Metrics.REFUSALS, String.valueOf(reason).length() > 40 ? "other" : String.valueOf(reason), 1);
    }

    private static NodeStatus.ModuleStatus moduleStatus(ModuleState state) {
        ModuleEntry m = state.entry();
        return new NodeStatus.ModuleStatus(m.name(), m.version(), m.sha256(), m.deployment().toString(),
                state.state(), state.reason(), state.handover(), state.handoverReason());
    }

    private static HistoryEntry entry(Configuration config, List<String> signers) {
        return new HistoryEntry(config.deployment().toString(), config.modules().stream()
                .map(m -> new HistoryEntry.Module(m.name(), m.version(), m.sha256(), m.size(), m.deployment().toString()))
                .toList(), signers);
    }
}
