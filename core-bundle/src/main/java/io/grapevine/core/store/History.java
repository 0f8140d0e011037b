package io.grapevine.core.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configurations this node has applied, newest first, at most {@code limit}, kept in
 * {@code <data>/history.json} (written atomically). The first entry is the current configuration.
 */
public final class History {
    private final Path file;
    private final int limit;
    private final List<Configuration> entries = new ArrayList<>();

    public History(Path file, int limit) throws IOException {
        this.file = file;
        this.limit = limit;
        if (Files.isRegularFile(file)) {
            JsonArray array = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonArray();
            for (JsonElement element : array) {
                entries.add(CanonicalJson.fromTree(element.getAsJsonObject()));
            }
        }
    }

    public synchronized Configuration current() {
        return entries.isEmpty() ? Configuration.EMPTY : entries.get(0);
    }

    public synchronized List<Configuration> entries() {
        return List.copyOf(entries);
    }

    public synchronized Optional<Configuration> find(DeploymentNumber number) {
        return entries.stream().filter(c -> number.equals(c.deployment())).findFirst();
    }

    /** Makes {@code config} the current configuration and saves; drops the oldest past the limit. */
    public synchronized void push(Configuration config) throws IOException {
        entries.add(0, config);
        while (entries.size() > limit) {
            entries.remove(entries.size() - 1);
        }
        JsonArray array = new JsonArray();
        entries.forEach(c -> array.add(CanonicalJson.toTree(c)));
        AtomicWrite.write(file, array.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Every jar some configuration in the history names; these stay in the store. */
    public synchronized Set<String> referencedJars() {
        Set<String> shas = new HashSet<>();
        entries.forEach(c -> c.modules().stream().map(ModuleEntry::sha256).forEach(shas::add));
        return shas;
    }
}
