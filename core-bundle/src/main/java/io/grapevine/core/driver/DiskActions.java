package io.grapevine.core.driver;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.node.Roster;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.store.History;
import io.grapevine.core.store.RosterFile;
import io.grapevine.core.store.TrustStore;
import io.grapevine.core.telemetry.EventLog;
import io.grapevine.core.trust.TrustRoot;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The node's disk actions. A write that fails is an event in the log, not a stop: the node keeps
 * what it decided in memory, each file is written whole and atomically (a failed write leaves the
 * last good one), and the next write of that file carries all of it again.
 */
final class DiskActions {
    private interface Write {
        void run() throws IOException;
    }

    private final BundleStore store;
    private final History history;
    private final TrustStore trustStore;
    private final RosterFile rosterFile;
    private final EventLog events;

    DiskActions(BundleStore store, History history, TrustStore trustStore, RosterFile rosterFile, EventLog events) {
        this.store = store;
        this.history = history;
        this.trustStore = trustStore;
        this.rosterFile = rosterFile;
        this.events = events;
    }

    void history(List<Configuration> entries) {
        write(() -> history.write(entries), "history-write-failed", "history.json");
    }

    void roster(List<Roster.Member> members) {
        write(() -> rosterFile.write(members), "store-write-failed", "roster.json");
    }

    void trust(List<TrustRoot> chain) {
        write(() -> trustStore.write(chain), "trust-write-failed", "trust.json");
    }

    void discard(Set<String> jars) {
        write(() -> store.delete(jars), "store-error", "discard");
    }

    private void write(Write write, String failure, String subject) {
        try {
            write.run();
        } catch (IOException e) {
            events.add(failure, subject, e.getMessage());
        }
    }
}
