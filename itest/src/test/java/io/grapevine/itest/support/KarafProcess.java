package io.grapevine.itest.support;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apache Karaf as its own process: a fresh copy of the distribution that itest's build
 * unpacked (system property {@code itest.karaf.home}), configured through its {@code etc/} files
 * and run headless with {@code bin/karaf server}; {@link #stop()} is {@code bin/stop}.
 */
public final class KarafProcess implements AutoCloseable {
    private final Path base;
    private Process process;

    private KarafProcess(Path base) {
        this.base = base;
    }

    /** Copies the pristine Karaf into a new folder under itest's target directory. */
    public static KarafProcess fresh(String name) throws IOException {
        Path pristine = Path.of(System.getProperty("itest.karaf.home", "target/karaf/apache-karaf"));
        if (!Files.isRegularFile(pristine.resolve("bin/karaf"))) {
            throw new IllegalStateException("no Karaf at " + pristine.toAbsolutePath()
                    + ": itest's build unpacks it (maven-dependency-plugin, execution karaf-distribution)");
        }
        Path base = Files.createTempDirectory(Distribution.targetDir().toAbsolutePath(), name + "-");
        try (Stream<Path> files = Files.walk(pristine)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = base.resolve(pristine.relativize(from).toString());
                if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return new KarafProcess(base.toAbsolutePath());
    }

    public Path base() {
        return base;
    }

    /** Karaf's own log: where to look when something went wrong. */
    public Path log() {
        return base.resolve("data/log/karaf.log");
    }

    /** What {@code bin/karaf server} printed (the JVM's stdout and stderr). */
    public Path console() {
        return base.resolve("console.log");
    }

    /** Sets {@code key = value} entries of {@code etc/<file>}, replacing existing ones in place. */
    public void configure(String file, Map<String, String> entries) throws IOException {
        Path path = base.resolve("etc").resolve(file);
        List<String> out = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>(entries);
        boolean continuation = false;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            boolean skipped = continuation;
            continuation = skipped && line.endsWith("\\");
            if (skipped) {
                continue;
            }
            String key = keyOf(line);
            if (key != null && entries.containsKey(key)) {
                out.add(key + " = " + entries.get(key));
                missing.remove(key);
                continuation = line.endsWith("\\");
            } else {
                out.add(line);
            }
        }
        missing.forEach((key, value) -> out.add(key + " = " + value));
        Files.write(path, out, StandardCharsets.UTF_8);
    }

    /** Adds lines at the end of {@code etc/<file>}. */
    public void append(String file, List<String> lines) throws IOException {
        Files.write(base.resolve("etc").resolve(file), lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The value of {@code key} in {@code etc/<file>} (continuation lines joined), or null. */
    public String setting(String file, String key) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(base.resolve("etc").resolve(file))));
        return properties.getProperty(key);
    }

    private static String keyOf(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
            return null;
        }
        int end = 0;
        while (end < trimmed.length() && "=: \t".indexOf(trimmed.charAt(end)) < 0) {
            end++;
        }
        return trimmed.substring(0, end);
    }

    /** {@code bin/karaf server}: no local console, stdin never read; output to {@link #console()}. */
    public void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", base.resolve("bin/karaf").toString(), "server")
                .directory(base.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile()));
        environment(builder);
        process = builder.start();
    }

    private void environment(ProcessBuilder builder) {
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        for (String variable : List.of("KARAF_HOME", "KARAF_BASE", "KARAF_DATA", "KARAF_ETC", "KARAF_LOG",
                "KARAF_OPTS", "KARAF_DEBUG", "EXTRA_JAVA_OPTS", "JAVA_OPTS")) {
            env.remove(variable);
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Fails the caller, naming Karaf's log, if Karaf has exited. */
    public void assertAlive() {
        if (process != null && !process.isAlive()) {
            throw new AssertionError("Karaf exited with " + process.exitValue() + "; see " + log() + " and " + console());
        }
    }

    /**
     * {@code bin/stop} (Karaf's shutdown port), then waits for {@code bin/karaf server} to end.
     * Returns its exit code; fails if it takes longer than {@code seconds}.
     */
    public int stop(long seconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", base.resolve("bin/stop").toString())
                .directory(base.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile()));
        environment(builder);
        Process stop = builder.start();
        if (!stop.waitFor(seconds, TimeUnit.SECONDS)) {
            stop.destroyForcibly();
            throw new AssertionError("bin/stop did not return within " + seconds + " s; see " + console());
        }
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("Karaf did not stop within " + seconds + " s of bin/stop; see " + log());
        }
        return process.exitValue();
    }

    /** Removes this Karaf's folder (about 45 MB); kept when a test fails, for its logs. */
    public void delete() throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /** Kills what is left (the script and its JVM) when a test failed before {@link #stop}. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }
}
