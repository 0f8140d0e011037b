package io.grapevine.core.driver;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.net.Keyring;
import io.grapevine.core.net.PeerClient;
import io.grapevine.core.node.CoreImage;
import io.grapevine.core.node.GossipSettings;
import io.grapevine.core.node.Limits;
import io.grapevine.core.node.Node;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.store.History;
import io.grapevine.core.store.RosterFile;
import io.grapevine.core.store.TrustStore;
import io.grapevine.core.telemetry.EventLog;
import io.grapevine.core.telemetry.Metrics;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

/** A real driver of a fresh node at {@code 127.0.0.1:1}, its data in a test's folder, its framework doing nothing. */
final class StartedDriver {
    static final String SELF = "127.0.0.1:1";
    static final Keyring KEYRING = new Keyring(List.of(new byte[32]), null);

    private StartedDriver() {
    }

    static NodeDriver start(Path data, Metrics metrics) throws Exception {
        DeployerKey key = DeployerKey.generate();
        Node node = new Node(SELF, "n0", List.of(), GossipSettings.defaults(), Limits.defaults(), new Random(1),
                List.of(TrustRoot.first(1, List.of(key.publicKeyText()))), key, List.of(), new HashSet<>(), List.of(),
                CoreImage.UNMANAGED, System.currentTimeMillis());
        NodeDriver driver = new NodeDriver(node, new PeerClient("core", SELF, false, KEYRING, 4),
                new BundleStore(data.resolve("bundles"), 1 << 20), new History(data.resolve("history.json")),
                new TrustStore(data), new RosterFile(data), (expected, jar) -> null, metrics,
                new EventLog(System::currentTimeMillis), System::currentTimeMillis, core -> { });
        driver.start(new NodeDriver.Framework() {
            @Override
            public void apply(Configuration config) {
            }

            @Override
            public void restart(ModuleEntry module) {
            }
        });
        return driver;
    }
}
