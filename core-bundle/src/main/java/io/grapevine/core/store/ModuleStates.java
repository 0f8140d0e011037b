package io.grapevine.core.store;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The state each module handed over when the node stopped cleanly, one file per module in
 * {@code <data>/module-state/} (written atomically, owner-only), given back to the same code when
 * the node starts again and then removed, so a crash never hands over a stale state.
 */
public final class ModuleStates {
    private final Path folder;

    public ModuleStates(Path data) throws IOException {
        this.folder = Files.createDirectories(data.resolve("module-state"));
    }

    public void put(String module, String sha256, String state) throws IOException {
        JsonObject saved = new JsonObject();
        saved.addProperty("sha256", sha256);
        saved.addProperty("state", state);
        AtomicWrite.write(file(module), saved.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The state saved for {@code module} if it was this code's ({@code sha256}); the file goes either way. */
    public Optional<String> take(String module, String sha256) throws IOException {
        Path file = file(module);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonObject saved = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            return saved.get("sha256").getAsString().equals(sha256) ? Optional.of(saved.get("state").getAsString())
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Path file(String module) {
        return folder.resolve(module + ".json");
    }
}
