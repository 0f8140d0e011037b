package io.grapevine.core;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.admin.Event;
import io.grapevine.core.admin.GrapevineAdmin;
import io.grapevine.core.admin.HistoryEntry;
import io.grapevine.core.admin.NodeStatus;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The admin service over {@link GrapevineCore}: plain values out, refusals as {@link AdminException}. */
@Component(service = GrapevineAdmin.class)
public class AdminService implements GrapevineAdmin {
    private final GrapevineCore core;

    @Activate
    public AdminService(@Reference GrapevineCore core) {
        this.core = core;
    }

    @Override
    public NodeStatus status() {
        return core.status();
    }

    @Override
    public List<HistoryEntry> history() {
        return core.history().stream().map(AdminService::entry).toList();
    }

    @Override
    public List<Event> events() {
        return core.events().all().stream()
                .map(e -> new Event(e.seq(), e.timeMs(), e.type(), e.subject(), e.detail())).toList();
    }

    @Override
    public long maxBundleBytes() {
        return core.store().maxBytes();
    }

    @Override
    public String deployerKeyId() {
        return null;
    }

    @Override
    public String deploy(byte[] jar) throws AdminException {
        return token(() -> core.deploy(jar));
    }

    @Override
    public String rollback(String deployment) throws AdminException {
        return token(() -> core.rollback(deployment));
    }

    @Override
    public String undeploy(String module) throws AdminException {
        return token(() -> core.remove(module));
    }

    private interface Change {
        DeploymentNumber run() throws Refused;
    }

    private static String token(Change change) throws AdminException {
        try {
            return change.run().toString();
        } catch (Refused e) {
            throw new AdminException(e.status(), e.getMessage());
        }
    }

    private static HistoryEntry entry(Configuration config) {
        List<HistoryEntry.Module> modules = config.modules().stream().map(AdminService::module).toList();
        // Signers come with signed deployments; until then every configuration is unsigned.
        return new HistoryEntry(config.deployment().toString(), modules, List.of());
    }

    private static HistoryEntry.Module module(ModuleEntry m) {
        return new HistoryEntry.Module(m.name(), m.version(), m.sha256(), m.size(), m.deployment().toString());
    }
}
