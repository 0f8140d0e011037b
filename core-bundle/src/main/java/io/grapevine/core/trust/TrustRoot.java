package io.grapevine.core.trust;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.Configuration.Signature;
import io.grapevine.core.config.Json;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who may change what runs: the deployer public keys and how many distinct ones ({@code threshold})
 * must sign a configuration. Versioned like TUF's root: version {@code n + 1} is believed only if
 * {@code threshold} keys of version {@code n} signed it, so keys are added, revoked and the threshold
 * changed by gossip, and a node never goes back. Version 1 comes to a node out of band.
 *
 * @param version 1, 2, ...
 * @param threshold k of the keys must sign
 * @param keys key id to public key (base64 X.509)
 * @param signatures signatures of the previous version's keys over {@link #signedBytes}
 */
public record TrustRoot(long version, int threshold, Map<String, String> keys, List<Signature> signatures) {
    /** The refusal of a deployment ahead of this clock: the one a later check may not repeat. */
    public static final String TOO_FAR_AHEAD = "too-far-ahead";

    static final int MAX_KEYS = 64;

    /** Why something is not believed: a short code (a metric label) and a one-line detail. */
    public record Refusal(String code, String detail) {
    }

    public TrustRoot {
        keys = new TreeMap<>(keys);
        signatures = List.copyOf(signatures);
        if (version < 1 || threshold < 1 || threshold > keys.size() || keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("a trust root needs version >= 1 and 1 <= threshold <= keys <= "
                    + MAX_KEYS + ", not version " + version + ", threshold " + threshold + ", " + keys.size() + " keys");
        }
        keys.forEach((id, key) -> {
            if (!DeployerKey.id(DeployerKey.publicKey(key)).equals(id)) {
                throw new IllegalArgumentException("key id " + id + " does not name its key");
            }
        });
    }

    /** Version 1 of a root with these keys. */
    public static TrustRoot first(int threshold, List<String> publicKeys) {
        Map<String, String> keys = new TreeMap<>();
        publicKeys.forEach(key -> keys.put(DeployerKey.id(DeployerKey.publicKey(key)), key));
        return new TrustRoot(1, threshold, keys, List.of());
    }

    /** The next version with {@code keys} and {@code threshold}, unsigned. */
    public TrustRoot next(int nextThreshold, Map<String, String> nextKeys) {
        return new TrustRoot(version + 1, nextThreshold, nextKeys, List.of());
    }

    public TrustRoot signedBy(Signature signature) {
        List<Signature> next = new ArrayList<>(signatures);
        next.removeIf(s -> s.key().equals(signature.key()));
        next.add(signature);
        return new TrustRoot(version, threshold, keys, next);
    }

    /**
     * Null if a node trusting this root may adopt {@code config} at {@code now}: made under this
     * version or an earlier one, not expired, not more than {@code maxAheadMs} ahead of the clock,
     * and signed by {@link #threshold} distinct keys of this root (a revoked key counts for nothing).
     */
    public Refusal check(Configuration config, long now, long maxAheadMs) {
        if (config.deployment().time() > now + maxAheadMs) {
            return new Refusal(TOO_FAR_AHEAD, "deployment " + config.deployment() + " is more than "
                    + maxAheadMs / 1000 + " s ahead of this node's clock");
        }
        if (config.trust() > version) {
            return new Refusal("unknown-trust", "made under trust version " + config.trust() + ", this node knows "
                    + version);
        }
        if (config.expires() < now) {
            return new Refusal("expired", "deployment " + config.deployment() + " expired at " + config.expires());
        }
        return signers(CanonicalJson.signedBytes(config), config.signatures(), "deployment " + config.deployment());
    }

    /** True if {@link #threshold} keys of this root signed {@code config}, whatever its times. */
    public boolean signs(Configuration config) {
        return signers(CanonicalJson.signedBytes(config), config.signatures(), "") == null;
    }

    /** Null if {@code next} is this root's successor, signed by {@link #threshold} of this root's keys. */
    public Refusal checkSuccessor(TrustRoot next) {
        if (next.version() != version + 1) {
            return new Refusal("trust-not-next", "trust version " + next.version() + " does not follow " + version);
        }
        return signers(next.signedBytes(), next.signatures(), "trust version " + next.version());
    }

    /** The ids of the keys of this root whose signatures over {@code config} verify. */
    public List<String> validSigners(Configuration config) {
        return valid(CanonicalJson.signedBytes(config), config.signatures());
    }

    private Refusal signers(byte[] data, List<Signature> offered, String what) {
        if (offered.isEmpty()) {
            return new Refusal("unsigned", what + " carries no signature");
        }
        int valid = valid(data, offered).size();
        if (valid == 0) {
            return new Refusal("bad-signature", what + " carries no valid signature of a trusted key");
        }
        return valid >= threshold ? null : new Refusal("too-few-signatures", what + " has " + valid
                + " valid signatures of trusted keys, " + threshold + " are needed");
    }

    private List<String> valid(byte[] data, List<Signature> offered) {
        Set<String> seen = new HashSet<>();
        List<String> valid = new ArrayList<>();
        for (Signature signature : offered) {
            String key = keys.get(signature.key());
            if (key != null && seen.add(signature.key())
                    && DeployerKey.verify(DeployerKey.publicKey(key), data, signature.value())) {
                valid.add(signature.key());
            }
        }
        return valid;
    }

    /** What the previous version's keys sign: the canonical form without the signatures. */
    public byte[] signedBytes() {
        JsonObject tree = toTree();
        tree.remove("signatures");
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    public JsonObject toTree() {
        JsonObject root = new JsonObject();
        root.addProperty("version", version);
        root.addProperty("threshold", threshold);
        JsonArray list = new JsonArray();
        keys.forEach((id, key) -> {
            JsonObject entry = new JsonObject();
            entry.addProperty("id", id);
            entry.addProperty("publicKey", key);
            list.add(entry);
        });
        root.add("keys", list);
        JsonArray sigs = new JsonArray();
        signatures.forEach(s -> {
            JsonObject entry = new JsonObject();
            entry.addProperty("key", s.key());
            entry.addProperty("sig", s.value());
            sigs.add(entry);
        });
        root.add("signatures", sigs);
        return root;
    }

    /** Parses a root; throws {@link IllegalArgumentException} (or a Gson exception) on anything else. */
    public static TrustRoot fromTree(JsonObject root) {
        Map<String, String> keys = new TreeMap<>();
        JsonArray list = root.getAsJsonArray("keys");
        if (list.size() > MAX_KEYS) {
            throw new IllegalArgumentException("more than " + MAX_KEYS + " keys");
        }
        for (JsonElement element : list) {
            keys.put(element.getAsJsonObject().get("id").getAsString(),
                    element.getAsJsonObject().get("publicKey").getAsString());
        }
        List<Signature> signatures = new ArrayList<>();
        JsonArray sigs = root.has("signatures") ? root.getAsJsonArray("signatures") : new JsonArray();
        if (sigs.size() > MAX_KEYS) {
            throw new IllegalArgumentException("more than " + MAX_KEYS + " signatures");
        }
        for (JsonElement element : sigs) {
            signatures.add(new Signature(element.getAsJsonObject().get("key").getAsString(),
                    element.getAsJsonObject().get("sig").getAsString()));
        }
        return new TrustRoot(root.get("version").getAsLong(), root.get("threshold").getAsInt(), keys, signatures);
    }

    /** A file or message holding one root or a chain (a JSON array, oldest first). */
    public static List<TrustRoot> readChain(String json) {
        JsonElement parsed = Json.parse(json);
        List<TrustRoot> chain = new ArrayList<>();
        for (JsonElement element : parsed.isJsonArray() ? parsed.getAsJsonArray() : wrap(parsed)) {
            chain.add(fromTree(element.getAsJsonObject()));
        }
        return chain;
    }

    public static String writeChain(List<TrustRoot> chain) {
        JsonArray array = new JsonArray();
        chain.forEach(root -> array.add(root.toTree()));
        return array.toString();
    }

    private static JsonArray wrap(JsonElement element) {
        JsonArray array = new JsonArray();
        array.add(element);
        return array;
    }

    /** The public key of {@code id}, for tools that show who signed. */
    public PublicKey key(String id) {
        return keys.containsKey(id) ? DeployerKey.publicKey(keys.get(id)) : null;
    }
}
