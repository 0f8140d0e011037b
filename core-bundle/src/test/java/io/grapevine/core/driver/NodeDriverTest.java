package io.grapevine.core.driver;

import static org.junit.Assert.assertEquals;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.net.PeerClient;
import io.grapevine.core.node.Change;
import io.grapevine.core.node.CoreImage;
import io.grapevine.core.node.GossipSettings;
import io.grapevine.core.node.Jar;
import io.grapevine.core.node.Limits;
import io.grapevine.core.node.Node;
import io.grapevine.core.net.Keyring;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NodeDriverTest {
    private static final String SELF = "127.0.0.1:1";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void onceAChangeIsAnsweredTheNodesViewShowsItApplied() throws Exception {
        Path data = folder.getRoot().toPath();
        DeployerKey key = DeployerKey.generate();
        Node node = new Node(SELF, "n0", List.of(), GossipSettings.defaults(), Limits.defaults(), new Random(1),
                List.of(TrustRoot.first(1, List.of(key.publicKeyText()))), key, List.of(), new HashSet<>(), List.of(),
                CoreImage.UNMANAGED, System.currentTimeMillis());
        PeerClient peers = new PeerClient("core", SELF, false, new Keyring(List.of(new byte[32]), null), 4);
        try (NodeDriver driver = new NodeDriver(node, peers, new BundleStore(data.resolve("bundles"), 1 << 20),
                new History(data.resolve("history.json")), new TrustStore(data), new RosterFile(data),
                (expected, jar) -> null, new Metrics(), new EventLog(System::currentTimeMillis),
                System::currentTimeMillis, core -> { })) {
            driver.start(new NodeDriver.Framework() {
                @Override
                public void apply(Configuration config) {
                }

                @Override
                public void restart(ModuleEntry module) {
                }
            });
            // The caller is woken on one thread while the loop goes on on another: many changes in
            // a row give a stale view many chances to show.
            for (int i = 0; i < 300; i++) {
                String sha = HexFormat.of().formatHex(new byte[32]).substring(4) + String.format("%04d", i);
                Configuration made = driver.change(new Change.Deploy(new Jar("io.example.m", sha, 10, "1.0." + i)))
                        .config();
                assertEquals("change " + i, made.deployment(), driver.view().applied().deployment());
                assertEquals("change " + i, made.deployment(), driver.view().current().deployment());
            }
        }
    }
}
