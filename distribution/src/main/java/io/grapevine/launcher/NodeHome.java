package io.grapevine.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The files a node keeps in its data folder across restarts: its id and its generated password. */
final class NodeHome {
    static final String NODE_ID_FILE = "node-id";
    static final String PASSWORD_FILE = "admin.password";

    private final Path data;

    NodeHome(Path data) throws IOException {
        this.data = data.toAbsolutePath().normalize();
        Files.createDirectories(this.data);
    }

    Path data() {
        return data;
    }

    /** The id given, else the one kept from an earlier start, else a new one (kept). */
    String nodeId(String given) throws IOException {
        if (given != null) {
            return given;
        }
        Path file = data.resolve(NODE_ID_FILE);
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String id = "node." + HexFormat.of().formatHex(random);
        AtomicFiles.writeString(file, id + "\n", false);
        return id;
    }

    /** A password kept from an earlier start; {@code null} if none. */
    String keptPassword() throws IOException {
        Path file = data.resolve(PASSWORD_FILE);
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    }

    /** Generates a password and keeps it, readable by the owner only. */
    String generatePassword() throws IOException {
        String password = AdminPassword.generate();
        AtomicFiles.writeString(data.resolve(PASSWORD_FILE), password + "\n", true);
        return password;
    }

    Path passwordFile() {
        return data.resolve(PASSWORD_FILE);
    }
}
