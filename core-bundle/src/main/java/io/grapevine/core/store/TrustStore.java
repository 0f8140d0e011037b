package io.grapevine.core.store;

import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The trust chain this node believes ({@code <data>/trust.json}, oldest first) and the deployer key
 * it signs with. On the very first start with no trust root configured it makes a deployer key
 * ({@code <data>/deployer.key}, owner-only) and a trust root of that one key, and says where.
 */
public final class TrustStore {
    private final Path file;

    public TrustStore(Path data) {
        this.file = data.resolve("trust.json");
    }

    /** What a node starts with: the chain it believes and its key (null when it holds none). */
    public record Loaded(List<TrustRoot> chain, DeployerKey key) {
    }

    /**
     * @param configured the operator's trust root file (a root or a chain), or null
     * @param keyFile the operator's deployer key file, or null for {@code <data>/deployer.key} if present
     * @param notice where to say what was generated
     */
    public Loaded load(Path configured, Path keyFile, Consumer<String> notice) throws IOException {
        Path ownKey = file.resolveSibling("deployer.key");
        List<TrustRoot> stored = Files.isRegularFile(file) ? read(file) : null;
        List<TrustRoot> given = configured == null ? null : read(configured);
        if (stored == null && given == null) {
            DeployerKey key = DeployerKey.generate();
            AtomicWrite.write(ownKey, key.pem().getBytes(StandardCharsets.US_ASCII));
            stored = List.of(TrustRoot.first(1, List.of(key.publicKeyText())));
            write(stored);
            notice.accept("generated deployer key " + key.id() + " in " + ownKey + " (readable by you only) and a"
                    + " trust root of that one key in " + file + "; give nodes of the same cluster the same trust root");
        }
        List<TrustRoot> chain = stored == null || (given != null && last(given) > last(stored)) ? given : stored;
        Path key = keyFile != null ? keyFile : Files.isRegularFile(ownKey) ? ownKey : null;
        return new Loaded(chain, key == null ? null : readKey(key));
    }

    public void write(List<TrustRoot> chain) throws IOException {
        AtomicWrite.write(file, TrustRoot.writeChain(chain).getBytes(StandardCharsets.UTF_8));
    }

    /** A chain whose every root follows from the one before; throws saying which file and why not. */
    private static List<TrustRoot> read(Path path) throws IOException {
        try {
            List<TrustRoot> chain = TrustRoot.readChain(Files.readString(path, StandardCharsets.UTF_8));
            for (int i = 1; i < chain.size(); i++) {
                TrustRoot.Refusal refusal = chain.get(i - 1).checkSuccessor(chain.get(i));
                if (refusal != null) {
                    throw new IllegalArgumentException(refusal.detail());
                }
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no trust root in it");
            }
            return chain;
        } catch (RuntimeException e) {
            throw new IOException("cannot use trust root file " + path + ": " + e.getMessage(), e);
        }
    }

    private static DeployerKey readKey(Path path) throws IOException {
        try {
            return DeployerKey.read(Files.readString(path, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot use deployer key file " + path + ": " + e.getMessage(), e);
        }
    }

    private static long last(List<TrustRoot> chain) {
        return chain.get(chain.size() - 1).version();
    }
}
