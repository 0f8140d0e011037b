package io.grapevine.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * The launcher's core files in {@code <data>/core/}: {@code good.jar} (the known-good core once a
 * candidate passed; before, the shipped {@code bundle/61-io.grapevine.core.jar} is),
 * {@code candidate.jar} (left there by the core that asks for a switch) and
 * {@code state.properties} ({@link CoreSlots}, written atomically at each change).
 */
final class CoreFiles {
    static final String GOOD = "good.jar";
    static final String CANDIDATE = "candidate.jar";
    static final String STATE = "state.properties";
    static final String CORE_BUNDLE = "io.grapevine.core";

    /**
     * The core a framework boots.
     *
     * @param candidate whether it is the candidate, on probation
     * @param jar the jar's bytes, which Felix installs (so that a new {@code candidate.jar} cannot change them)
     * @param sha its SHA-256
     * @param version its {@code Bundle-Version}
     * @param slots the state as recorded for this boot
     */
    record Booted(boolean candidate, byte[] jar, String sha, String version, CoreSlots slots) {
        String line() {
            return slots.line(candidate, sha, version);
        }
    }

    private final Path folder;
    private final Path shipped;
    private CoreSlots slots;

    CoreFiles(Path data, Path shipped) throws IOException {
        this.folder = Files.createDirectories(data.resolve("core"));
        this.shipped = shipped;
        this.slots = read(folder.resolve(STATE));
    }

    synchronized CoreSlots slots() {
        return slots;
    }

    /** Decides which core boots now and records it first (a boot the process dies in counts). */
    synchronized Booted boot() throws IOException {
        byte[] shippedJar = Files.readAllBytes(shipped);
        byte[] good = readIfThere(folder.resolve(GOOD));
        byte[] candidate = readIfThere(folder.resolve(CANDIDATE));
        CoreSlots.Boot boot = slots.boot(sha256(shippedJar), sha256(good), sha256(candidate));
        update(s -> boot.record());
        byte[] jar = boot.candidate() ? candidate : boot.record().good() != null ? good : shippedJar;
        return new Booted(boot.candidate(), jar, sha256(jar), version(jar), slots);
    }

    /** The candidate passed: it becomes {@code good.jar}, the known-good core. */
    synchronized void passed(Booted booted) throws IOException {
        AtomicFiles.write(folder.resolve(GOOD), booted.jar(), false);
        update(CoreSlots::passed);
        deleteCandidate(booted.sha());
    }

    /** The candidate failed: recorded bad, and its jar goes. */
    synchronized void failed(Booted booted, String reason) throws IOException {
        update(s -> s.failed(reason));
        deleteCandidate(booted.sha());
    }

    /**
     * The core asked to switch to {@code requested} (system property {@code grapevine.core.switch}):
     * the candidate is what it left in {@code candidate.jar}, if that is the jar it named.
     */
    synchronized boolean switchTo(String requested, String running) throws IOException {
        String left = sha256(readIfThere(folder.resolve(CANDIDATE)));
        if (!requested.equals(left)) {
            return false;
        }
        update(s -> s.switchTo(requested, running));
        return requested.equals(slots.candidate());
    }

    synchronized void update(UnaryOperator<CoreSlots> change) throws IOException {
        CoreSlots next = change.apply(slots);
        if (!next.equals(slots)) {
            AtomicFiles.writeString(folder.resolve(STATE), write(next), false);
            slots = next;
        }
    }

    private void deleteCandidate(String sha) throws IOException {
        if (sha.equals(sha256(readIfThere(folder.resolve(CANDIDATE))))) {
            Files.deleteIfExists(folder.resolve(CANDIDATE)); // a newer one the core left meanwhile stays
        }
    }

    static String write(CoreSlots slots) throws IOException {
        Properties properties = new Properties();
        put(properties, "good", slots.good());
        put(properties, "shipped", slots.shipped());
        put(properties, "candidate", slots.candidate());
        properties.setProperty("attempts", Integer.toString(slots.attempts()));
        properties.setProperty("bad", String.join(",", slots.bad()));
        put(properties, "reverted", slots.reverted());
        StringWriter text = new StringWriter();
        properties.store(text, "the launcher's core slots (see README, Updating the core)");
        return text.toString();
    }

    /** The state kept, or none yet; a file that does not parse is refused, not guessed at. */
    static CoreSlots read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return CoreSlots.NONE;
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            String bad = properties.getProperty("bad", "");
            return new CoreSlots(properties.getProperty("good"), properties.getProperty("shipped"),
                    properties.getProperty("candidate"), Integer.parseInt(properties.getProperty("attempts", "0")),
                    bad.isBlank() ? List.of() : Arrays.asList(bad.split(",")), properties.getProperty("reverted"));
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void put(Properties properties, String key, String value) {
        if (value != null) {
            properties.setProperty(key, value);
        }
    }

    private static byte[] readIfThere(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Lower-case hex SHA-256, as configurations name jars; null for null. */
    static String sha256(byte[] content) {
        if (content == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jar's {@code Bundle-Version}, {@code 0.0.0} when it has none or is no jar. */
    static String version(byte[] jar) {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            String version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
            return version == null || version.isBlank() ? "0.0.0" : version.strip();
        } catch (IOException e) {
            return "0.0.0";
        }
    }

    /** Whether {@code jar} is a core: its {@code Bundle-SymbolicName} is {@code io.grapevine.core}. */
    static boolean isCore(Path jar) {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = in.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            return name != null && name.split(";", 2)[0].strip().equals(CORE_BUNDLE);
        } catch (IOException e) {
            return false;
        }
    }
}
