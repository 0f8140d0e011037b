package io.grapevine.launcher;

import io.grapevine.core.net.Keyring;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one trust root, deployer key and cluster key that {@code grapevine-cluster} gives every node
 * of its folder ({@code <dir>/trust.json}, {@code <dir>/deployer.key}, {@code <dir>/cluster.key}),
 * made on the first start. Every node holds
 * the key, so the console works on each: a development convenience, not a production layout.
 */
final class ClusterTrust {
    private ClusterTrust() {
    }

    static Path trustFile(Path dir) {
        return dir.resolve("trust.json");
    }

    static Path keyFile(Path dir) {
        return dir.resolve("deployer.key");
    }

    /** The cluster key that authenticates the nodes' gossip. */
    static Path clusterKeyFile(Path dir) {
        return dir.resolve("cluster.key");
    }

    /** Makes the files when they are not there yet; returns the note to print then, else null. */
    static String ensure(Path dir) throws ClusterFailure {
        if (Files.isRegularFile(trustFile(dir)) && Files.isRegularFile(keyFile(dir))
                && Files.isRegularFile(clusterKeyFile(dir))) {
            return null;
        }
        DeployerKey key = DeployerKey.generate();
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(clusterKeyFile(dir), Keyring.generate(), true);
            AtomicFiles.writeString(keyFile(dir), key.pem(), true);
            AtomicFiles.writeString(trustFile(dir), TrustRoot.writeChain(List.of(TrustRoot.first(1,
                    List.of(key.publicKeyText())))), false);
        } catch (IOException e) {
            throw new ClusterFailure("cannot write the cluster's trust root in " + dir + ": " + e.getMessage());
        }
        return "made a cluster key (" + clusterKeyFile(dir) + ") and deployer key " + key.id() + " (" + keyFile(dir) + ") and a trust root of it (" + trustFile(dir)
                + "); every node holds the key, for development only; sign from here with: grapevine-ctl --key "
                + keyFile(dir);
    }
}
