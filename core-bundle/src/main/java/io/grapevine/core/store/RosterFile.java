package io.grapevine.core.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.node.Roster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The roster in {@code <data>/roster.json}, written atomically, so a restarted node still knows who is missing. */
public final class RosterFile {
    private final Path file;

    public RosterFile(Path data) {
        this.file = data.resolve("roster.json");
    }

    public List<Roster.Member> read() throws IOException {
        List<Roster.Member> members = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return members;
        }
        try {
            for (JsonElement element : JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonArray()) {
                JsonObject m = element.getAsJsonObject();
                JsonElement deployment = m.get("deployment");
                members.add(new Roster.Member(m.get("address").getAsString(), deployment == null || deployment.isJsonNull()
                        ? null : DeploymentNumber.parse(deployment.getAsString()), m.get("heardAt").getAsLong(),
                        m.get("left").getAsBoolean(), null, m.has("failedAt") ? m.get("failedAt").getAsLong()
                                : Long.MIN_VALUE / 2));
            }
        } catch (RuntimeException e) {
            throw new Corrupt(file, e);
        }
        return members;
    }

    public void write(List<Roster.Member> members) throws IOException {
        JsonArray array = new JsonArray();
        for (Roster.Member m : members) {
            JsonObject member = new JsonObject();
            member.addProperty("address", m.address());
            member.addProperty("deployment", m.deployment() == null ? null : m.deployment().toString());
            member.addProperty("heardAt", m.heardAt());
            member.addProperty("left", m.left());
            if (m.failed()) {
                member.addProperty("failedAt", m.failedAt()); // a restart still knows who it could not reach
            }
            array.add(member);
        }
        AtomicWrite.write(file, array.toString().getBytes(StandardCharsets.UTF_8));
    }
}
