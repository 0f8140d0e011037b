package io.grapevine.launcher;

import com.google.gson.JsonParser;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The operator's side of signed deployments: deployer keys made and read here, proposals checked
 * against what the operator asked for before they are signed, signatures added to proposal files.
 * The private key never leaves this machine; the node only ever sees signatures.
 */
final class Signing {
    private Signing() {
    }

    /** True if {@code file} holds a proposal (JSON) rather than a jar (a zip). */
    static boolean isProposal(String file) {
        if (file == null) {
            return false;
        }
        try (java.io.InputStream in = Files.newInputStream(Path.of(file))) {
            int first = in.read();
            while (first == ' ' || first == '\n' || first == '\r' || first == '\t') {
                first = in.read();
            }
            return first == '{';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Writes a new key to {@code file} (owner-only) and its public half to {@code file.pub}; returns the text to print. */
    static String keygen(Path file) throws CtlFailure {
        if (Files.exists(file)) {
            throw new CtlFailure(file + " exists already: not overwriting a key (choose another --out)");
        }
        DeployerKey key = DeployerKey.generate();
        Path pub = file.resolveSibling(file.getFileName() + ".pub");
        try {
            AtomicFiles.writeString(file, key.pem(), true);
            AtomicFiles.writeString(pub, key.publicPem(), false);
        } catch (IOException e) {
            throw new CtlFailure("cannot write the key: " + e.getMessage());
        }
        return "deployer key " + key.id() + " written to " + file.toAbsolutePath() + " (readable by you only)\n"
                + "public key in " + pub.toAbsolutePath() + ": add it to the trust root with grapevine-ctl trust"
                + " propose --add " + pub + "\n";
    }

    static DeployerKey key(Path file) throws CtlFailure {
        try {
            return DeployerKey.read(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new CtlFailure("cannot read deployer key " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CtlFailure(file + ": " + e.getMessage());
        }
    }

    static Configuration configuration(String json) throws CtlFailure {
        try {
            return CanonicalJson.read(json);
        } catch (IllegalArgumentException e) {
            throw new CtlFailure("not a proposal: " + e.getMessage());
        }
    }

    /** Checks that the node proposed what was asked: {@code expected} modules, nothing else changed. */
    static void check(Configuration proposal, Configuration current, String module, String sha256) throws CtlFailure {
        Map<String, String> expected = current.modules().stream()
                .collect(Collectors.toMap(ModuleEntry::name, ModuleEntry::sha256, (a, b) -> a, TreeMap::new));
        if (sha256 == null) {
            expected.remove(module);
        } else {
            expected.put(module, sha256);
        }
        Map<String, String> proposed = proposal.modules().stream()
                .collect(Collectors.toMap(ModuleEntry::name, ModuleEntry::sha256, (a, b) -> a, TreeMap::new));
        if (!proposed.equals(expected)) {
            throw new CtlFailure("the node proposed " + proposed + ", not the change asked for (" + expected
                    + "): nothing signed");
        }
    }

    /** The proposal as a person checks it before signing or sending it. */
    static String describe(Configuration proposal, TrustRoot root) {
        StringBuilder text = new StringBuilder("deployment " + proposal.deployment() + " (trust version "
                + proposal.trust() + ", adoptable until " + Instant.ofEpochMilli(proposal.expires()) + ")\n");
        for (ModuleEntry m : proposal.modules()) {
            text.append("  ").append(m.name()).append(' ').append(m.version()).append(' ').append(m.sha256(), 0, 12)
                    .append('\n');
        }
        List<String> signers = root == null ? List.of() : root.validSigners(proposal);
        text.append("signed by ").append(signers.isEmpty() ? "nobody yet" : String.join(", ", signers));
        if (root != null) {
            text.append(" (").append(signers.size()).append(" of the ").append(root.threshold()).append(" needed)");
        }
        return text.append('\n').toString();
    }

    static String describe(TrustRoot root) {
        StringBuilder text = new StringBuilder("trust version " + root.version() + ": " + root.threshold() + " of "
                + root.keys().size() + " keys must sign\n");
        root.keys().keySet().forEach(id -> text.append("  key ").append(id).append('\n'));
        if (!root.signatures().isEmpty()) {
            text.append("signed by ").append(root.signatures().stream().map(Configuration.Signature::key)
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return text.toString();
    }

    /** The next trust root: keys added and revoked, threshold set (kept when null). */
    static TrustRoot nextRoot(TrustRoot current, List<Path> add, List<String> revoke, Integer threshold)
            throws CtlFailure {
        Map<String, String> keys = new TreeMap<>(current.keys());
        for (String id : revoke) {
            if (keys.remove(id) == null) {
                throw new CtlFailure("no key " + id + " in trust version " + current.version());
            }
        }
        for (Path file : add) {
            try {
                String text = Files.readString(file, StandardCharsets.US_ASCII);
                java.security.PublicKey key = DeployerKey.publicKey(text);
                keys.put(DeployerKey.id(key), java.util.Base64.getEncoder().encodeToString(key.getEncoded()));
            } catch (IOException | IllegalArgumentException e) {
                throw new CtlFailure("cannot use public key " + file + ": " + e.getMessage());
            }
        }
        int k = threshold == null ? Math.min(current.threshold(), keys.size()) : threshold;
        try {
            return current.next(k, keys);
        } catch (IllegalArgumentException e) {
            throw new CtlFailure(e.getMessage());
        }
    }

    /** Adds {@code key}'s signature to the proposal or trust proposal in {@code file}; returns what to print. */
    static String sign(Path file, DeployerKey key, TrustRoot root) throws CtlFailure {
        String text = read(file);
        boolean trust;
        try {
            com.google.gson.JsonElement tree = JsonParser.parseString(text);
            trust = tree.isJsonArray() || tree.getAsJsonObject().has("threshold");
        } catch (RuntimeException e) {
            throw new CtlFailure(file + " is not a proposal: " + e.getMessage());
        }
        String signed;
        String summary;
        if (trust) {
            TrustRoot next = trustRoot(text);
            next = next.signedBy(new Configuration.Signature(key.id(), key.sign(next.signedBytes())));
            signed = TrustRoot.writeChain(List.of(next));
            summary = describe(next);
        } else {
            Configuration proposal = configuration(text);
            proposal = proposal.signedBy(key.sign(proposal));
            signed = CanonicalJson.write(proposal);
            summary = describe(proposal, root);
        }
        write(file, signed);
        return "signed " + file + " with key " + key.id() + "\n" + summary;
    }

    static TrustRoot trustRoot(String json) throws CtlFailure {
        try {
            List<TrustRoot> chain = TrustRoot.readChain(json);
            return chain.get(chain.size() - 1);
        } catch (RuntimeException e) {
            throw new CtlFailure("not a trust root: " + e.getMessage());
        }
    }

    static String read(Path file) throws CtlFailure {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CtlFailure("cannot read " + file + ": " + e.getMessage());
        }
    }

    static void write(Path file, String text) throws CtlFailure {
        try {
            AtomicFiles.writeString(file, text + "\n", false);
        } catch (IOException e) {
            throw new CtlFailure("cannot write " + file + ": " + e.getMessage());
        }
    }

    static String sha256(Path jar) throws CtlFailure {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new CtlFailure("cannot read " + jar + ": " + e.getMessage());
        }
    }
}
