package io.grapevine.core.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.core.net.Keyring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cluster keyring on disk, {@code <data>/cluster.keys} (owner-only): the keys this node accepts
 * and the one it sends with. The first start takes the operator's key file (one base64 key, as
 * {@code grapevine-cluster} writes for all its nodes) or, with none, makes a key and says where.
 */
public final class KeyringFile {
    private final Path file;

    public KeyringFile(Path data) {
        this.file = data.resolve("cluster.keys");
    }

    public Keyring load(Path initial, Consumer<String> notice) throws IOException {
        try {
            if (Files.isRegularFile(file)) {
                JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
                List<byte[]> keys = new ArrayList<>();
                root.getAsJsonArray("keys").forEach(key -> keys.add(Keyring.decode(key.getAsString())));
                return new Keyring(keys, root.get("primary").getAsString());
            }
            Keyring keyring;
            if (initial != null) {
                keyring = new Keyring(List.of(Keyring.decode(Files.readString(initial, StandardCharsets.US_ASCII))), null);
            } else {
                keyring = new Keyring(List.of(Keyring.decode(Keyring.generate())), null);
                notice.accept("generated cluster key " + keyring.primary() + " in " + file + " (readable by you only);"
                        + " nodes of one cluster need the same key: give them --cluster-key");
            }
            write(keyring);
            return keyring;
        } catch (RuntimeException e) {
            throw new IOException("cannot use the cluster key " + (Files.isRegularFile(file) ? file : initial) + ": "
                    + e.getMessage(), e);
        }
    }

    public void write(Keyring keyring) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("primary", keyring.primary());
        JsonArray keys = new JsonArray();
        keyring.secrets().forEach(keys::add);
        root.add("keys", keys);
        AtomicWrite.write(file, root.toString().getBytes(StandardCharsets.UTF_8));
    }
}
