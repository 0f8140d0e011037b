package io.grapevine.itest.support;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    private ClusterTrust() throws IOException {
        Path folder = Files.createTempDirectory(Distribution.targetDir(), "trust-");
        trustFile = folder.resolve("trust.json");
        keyFile = folder.resolve("deployer.key");
        Files.writeString(trustFile, TrustRoot.writeChain(List.of(root())), StandardCharsets.UTF_8);
        Files.writeString(keyFile, key.pem(), StandardCharsets.US_ASCII);
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
