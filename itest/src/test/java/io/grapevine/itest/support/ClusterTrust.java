package io.grapevine.itest.support;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.net.Keyring;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The trust root and deployer key every node of a test run holds, as {@code grapevine-cluster}
 * gives its nodes one: made once per test JVM in {@code target/}.
 */
public final class ClusterTrust {
    private static ClusterTrust instance;

    private final DeployerKey key = DeployerKey.generate();
    private final Path trustFile;
    private final Path keyFile;
    private final Path clusterKeyFile;
    private final Keyring keyring;

    private ClusterTrust() throws IOException {
        Path folder = Files.createTempDirectory(Distribution.targetDir(), "trust-");
        trustFile = folder.resolve("trust.json");
        keyFile = folder.resolve("deployer.key");
        Files.writeString(trustFile, TrustRoot.writeChain(List.of(root())), StandardCharsets.UTF_8);
        Files.writeString(keyFile, key.pem(), StandardCharsets.US_ASCII);
        clusterKeyFile = folder.resolve("cluster.key");
        String clusterKey = Keyring.generate();
        Files.writeString(clusterKeyFile, clusterKey, StandardCharsets.US_ASCII);
        keyring = new Keyring(List.of(Keyring.decode(clusterKey)), null);
    }

    public Path clusterKeyFile() {
        return clusterKeyFile;
    }

    /** The cluster key, to send messages the nodes believe, as a peer holding it would. */
    public Keyring keyring() {
        return keyring;
    }

    /** {@code request} (a {@code method} to {@code path} with {@code body}) sent as peer {@code from} holding the key. */
    public HttpRequest.Builder asPeer(HttpRequest.Builder request, String method, String path, String from,
            byte[] body) {
        return request.header(Keyring.AUTH, keyring.sign(method, path, from, body)).header(Keyring.FROM, from);
    }

    public static synchronized ClusterTrust get() {
        if (instance == null) {
            try {
                instance = new ClusterTrust();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public DeployerKey key() {
        return key;
    }

    public TrustRoot root() {
        return TrustRoot.first(1, List.of(key.publicKeyText()));
    }

    public Path trustFile() {
        return trustFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    /** {@code config} signed by the cluster's key, adoptable for a day from {@code now}. */
    public Configuration sign(Configuration config, long now) {
        Configuration terms = config.terms(1, now + 86_400_000L);
        return terms.signedBy(key.sign(terms));
    }
}
