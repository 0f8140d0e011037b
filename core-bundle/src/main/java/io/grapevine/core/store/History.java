package io.grapevine.core.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configurations this node has adopted, newest first, in {@code <data>/history.json}, written
 * atomically. What to keep is the node's decision; this only reads and writes the file.
 */
public final class History {
    private final Path file;

    public History(Path file) {
        this.file = file;
    }

    /** The stored history, empty when there is none yet. */
    public List<Configuration> read() throws IOException {
        List<Configuration> entries = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            try {
                JsonArray array = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonArray();
                for (JsonElement element : array) {
                    entries.add(CanonicalJson.fromTree(element.getAsJsonObject()));
                }
            } catch (RuntimeException e) {
                throw new Corrupt(file, e);
            }
        }
        return entries;
    }

    public void write(List<Configuration> entries) throws IOException {
        JsonArray array = new JsonArray();
        entries.forEach(c -> array.add(CanonicalJson.toTree(c)));
        AtomicWrite.write(file, array.toString().getBytes(StandardCharsets.UTF_8));
    }
}
