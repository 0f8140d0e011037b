package io.grapevine.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Bundle jars by SHA-256 in {@code <data>/bundles/<sha256>.jar}. Written atomically; verified on
 * every read, so a jar damaged on disk is never installed.
 */
public final class BundleStore {
    private final Path folder;
    private final long maxBytes;
    private volatile Consumer<String> damaged = sha -> { };

    public BundleStore(Path folder, long maxBytes) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.maxBytes = maxBytes;
    }

    /** Whom to tell of a jar found damaged (and removed), so that it is fetched again. */
    public void whenDamaged(Consumer<String> listener) {
        this.damaged = listener;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Stores {@code jar} and returns its SHA-256. */
    public String put(byte[] jar) throws IOException {
        if (jar.length > maxBytes) {
            throw new TooLargeException(jar.length, maxBytes);
        }
        String sha = sha256(jar);
        Path file = path(sha);
        if (!Files.exists(file)) {
            AtomicWrite.write(file, jar);
        }
        return sha;
    }

    public boolean has(String sha) {
        return Files.isRegularFile(path(sha));
    }

    /** The jar's bytes, checked against its name; throws if missing or damaged. */
    public byte[] get(String sha) throws IOException {
        byte[] jar;
        try {
            jar = Files.readAllBytes(path(sha));
        } catch (NoSuchFileException e) {
            throw new IOException("bundle " + sha + " is not in the store");
        }
        if (!sha256(jar).equals(sha)) {
            Files.deleteIfExists(path(sha));
            damaged.accept(sha);
            throw new IOException("bundle " + sha + " was damaged on disk and has been removed");
        }
        return jar;
    }

    /** The hashes of every jar in the store. */
    public Set<String> list() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}\\.jar"))
                    .map(n -> n.substring(0, 64)).collect(java.util.stream.Collectors.toSet());
        }
    }

    public void delete(Set<String> shas) throws IOException {
        for (String sha : shas) {
            Files.deleteIfExists(path(sha));
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private Path path(String sha) {
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256: " + sha);
        }
        return folder.resolve(sha + ".jar");
    }

    /** A jar over the store's size limit. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long size, long limit) {
            super("bundle too large: " + (size > limit ? "over " : "") + limit
                    + " bytes is the limit (grapevine.bundle.max.bytes)");
        }
    }
}
