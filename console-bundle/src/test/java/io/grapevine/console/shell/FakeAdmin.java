package io.grapevine.console.shell;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.admin.Event;
import io.grapevine.core.admin.GrapevineAdmin;
import io.grapevine.core.admin.HistoryEntry;
import io.grapevine.core.admin.NodeStatus;
import java.util.ArrayList;
import java.util.List;

/** A {@link GrapevineAdmin} that records what it is asked and refuses what {@link #refusal} says. */
public final class FakeAdmin implements GrapevineAdmin {
    public final List<String> calls = new ArrayList<>();
    public long maxBytes = 1024;
    public AdminException refusal;
    public AdminException login;
    public String keyId = "k.test";

    @Override
    public NodeStatus status() {
        return new NodeStatus("node.0", "127.0.0.1:8080", 1500, null, List.of(), List.of(), List.of());
    }

    @Override
    public List<HistoryEntry> history() {
        return List.of();
    }

    @Override
    public List<Event> events() {
        return List.of();
    }

    @Override
    public long maxBundleBytes() {
        return maxBytes;
    }

    @Override
    public String deployerKeyId() {
        return keyId;
    }

    @Override
    public String deploy(byte[] jar) throws AdminException {
        return change("deploy " + jar.length + " bytes");
    }

    @Override
    public String rollback(String deployment) throws AdminException {
        return change("rollback " + deployment);
    }

    @Override
    public String undeploy(String module) throws AdminException {
        return change("undeploy " + module);
    }

    @Override
    public void checkAdmin(String user, String password, String client) throws AdminException {
        calls.add("checkAdmin " + user + " from " + client);
        if (login != null) {
            throw login;
        }
    }

    @Override
    public void countRefusal(String reason) {
        calls.add("refused " + reason);
    }

    private String change(String call) throws AdminException {
        calls.add(call);
        if (refusal != null) {
            throw refusal;
        }
        return "1795276465670-" + calls.size() + "-node.0";
    }
}
