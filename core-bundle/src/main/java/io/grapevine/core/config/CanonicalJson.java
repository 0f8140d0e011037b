package io.grapevine.core.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one byte form of a configuration: fixed key order, modules sorted by name, no whitespace,
 * deployment numbers as tokens. Equal content gives equal bytes on every node, so digests and
 * signatures can be compared.
 */
public final class CanonicalJson {
    static final int MAX_SIGNATURES = 32;

    private CanonicalJson() {
    }

    public static JsonObject toTree(Configuration config) {
        JsonObject root = new JsonObject();
        root.add("deployment", token(config.deployment()));
        JsonArray modules = new JsonArray();
        for (ModuleEntry m : config.modules()) {
            JsonObject module = new JsonObject();
            module.addProperty("name", m.name());
            module.addProperty("sha256", m.sha256());
            module.addProperty("size", m.size());
            module.addProperty("version", m.version());
            module.add("deployment", token(m.deployment()));
            modules.add(module);
        }
        root.add("modules", modules);
        root.addProperty("trust", config.trust());
        root.addProperty("expires", config.expires());
        JsonArray signatures = new JsonArray();
        for (Configuration.Signature signature : config.signatures()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("key", signature.key());
            entry.addProperty("sig", signature.value());
            signatures.add(entry);
        }
        root.add("signatures", signatures);
        return root;
    }

    /** What deployers sign: the canonical form without the signatures. */
    public static byte[] signedBytes(Configuration config) {
        JsonObject tree = toTree(config);
        tree.remove("signatures");
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String write(Configuration config) {
        return toTree(config).toString();
    }

    public static byte[] bytes(Configuration config) {
        return write(config).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses and validates; throws {@link IllegalArgumentException} with a one-line reason. */
    public static Configuration read(String json) {
        try {
            return fromTree(Json.parse(json).getAsJsonObject());
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                | NullPointerException | ClassCastException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed configuration: " + e.getMessage());
        }
    }

    public static Configuration fromTree(JsonObject root) {
        JsonElement deployment = root.get("deployment");
        if (deployment == null || deployment.isJsonNull()) {
            return Configuration.EMPTY;
        }
        List<ModuleEntry> modules = new ArrayList<>();
        for (JsonElement element : root.getAsJsonArray("modules")) {
            JsonObject m = element.getAsJsonObject();
            modules.add(new ModuleEntry(m.get("name").getAsString(), m.get("sha256").getAsString(),
                    m.get("size").getAsLong(), m.get("version").getAsString(),
                    DeploymentNumber.parse(m.get("deployment").getAsString())));
        }
        List<Configuration.Signature> signatures = new ArrayList<>();
        JsonArray sigs = root.getAsJsonArray("signatures");
        if (sigs != null && sigs.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("more than " + MAX_SIGNATURES + " signatures");
        }
        for (JsonElement element : sigs == null ? new JsonArray() : sigs) {
            JsonObject sig = element.getAsJsonObject();
            signatures.add(new Configuration.Signature(sig.get("key").getAsString(), sig.get("sig").getAsString()));
        }
        return new Configuration(DeploymentNumber.parse(deployment.getAsString()), modules,
                root.has("trust") ? root.get("trust").getAsLong() : 0,
                root.has("expires") ? root.get("expires").getAsLong() : 0, signatures);
    }

    private static JsonElement token(DeploymentNumber number) {
        return number == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(number.toString());
    }
}
