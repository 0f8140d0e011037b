package io.grapevine.bench.faults;

import io.grapevine.core.net.Keyring;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The trust root, deployer key and cluster key one fault cluster's nodes share, in its folder, as
 * {@code grapevine-cluster} makes them ({@code trust.json}, {@code deployer.key}, {@code cluster.key}).
 */
public record ClusterFiles(Path trust, Path deployerKey, Path clusterKey, Keyring keyring, DeployerKey key) {

    public static ClusterFiles make(Path dir) throws IOException {
        Files.createDirectories(dir);
        DeployerKey key = DeployerKey.generate();
        String clusterKey = Keyring.generate();
        Path trust = Files.writeString(dir.resolve("trust.json"),
                TrustRoot.writeChain(List.of(TrustRoot.first(1, List.of(key.publicKeyText())))), StandardCharsets.UTF_8);
        Path deployer = Files.writeString(dir.resolve("deployer.key"), key.pem(), StandardCharsets.US_ASCII);
        Path cluster = Files.writeString(dir.resolve("cluster.key"), clusterKey, StandardCharsets.US_ASCII);
        return new ClusterFiles(trust, deployer, cluster, new Keyring(List.of(Keyring.decode(clusterKey)), null), key);
    }
}
