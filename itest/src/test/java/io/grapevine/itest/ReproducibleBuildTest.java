package io.grapevine.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.itest.support.Distribution;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.Test;

/**
 * Two builds of one commit give byte-identical module jars: a deployment names a module by the
 * SHA-256 of its jar, so a rebuild must not look like a new module. Checks the jars a node ships
 * (every entry at the root pom's {@code project.build.outputTimestamp}, no build-time header),
 * and rebuilds two modules from a copy of the sources, in another folder and time zone, to
 * compare their bytes with the shipped ones.
 */
public class ReproducibleBuildTest {
    /** The modules built again, each with the jar of the node it must equal. */
    private static final List<String[]> REBUILT = List.of(
            new String[] {"layer-api", "bundle/60-io.grapevine.api.jar"},
            new String[] {"bundles/examples/counter-v1", "examples/counter-1.0.0.jar"},
            new String[] {"bundles/membership", "modules/membership-1.0.0.jar"});

    @Test
    public void everyJarOfOursInTheNodeCarriesTheFixedTimeAndNoBuildTime() throws Exception {
        LocalDateTime fixed = outputTimestamp();
        List<Path> jars = ours();
        assertTrue("the node ships the API, the core, both examples and the library: " + jars, jars.size() >= 10);
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (ZipEntry entry : file.stream().toList()) {
                    assertEquals(jar + "!" + entry.getName(), fixed, entry.getTimeLocal());
                }
                assertEquals(jar + " has a build-time header", null,
                        file.getManifest().getMainAttributes().getValue("Bnd-LastModified"));
            }
        }
    }

    @Test
    public void rebuildingModulesElsewhereGivesTheSameSha256() throws Exception {
        Path copy = Files.createTempDirectory(Distribution.targetDir().toAbsolutePath(), "rebuild-");
        copyProjects(sourceRoot(), copy);
        for (String[] module : REBUILT) {
            assertFalse("the copy starts without build output", Files.exists(copy.resolve(module[0]).resolve("target")));
        }

        build(copy, String.join(",", REBUILT.stream().map(module -> module[0]).toList()));

        for (String[] module : REBUILT) {
            Path rebuilt = jarIn(copy.resolve(module[0]).resolve("target"));
            Path shipped = Distribution.home().resolve(module[1]);
            assertNotEquals("not the same file", shipped.toRealPath(), rebuilt.toRealPath());
            assertEquals(module[0] + ": " + rebuilt + " against " + shipped, sha256(shipped), sha256(rebuilt));
        }
    }

    /** The Grapevine jars of the assembled node: system bundles of ours, examples, library, launcher. */
    private static List<Path> ours() throws IOException {
        Path home = Distribution.home();
        List<Path> jars = new ArrayList<>(List.of(home.resolve("bundle/60-io.grapevine.api.jar"),
                home.resolve("bundle/61-io.grapevine.core.jar"), home.resolve("lib/grapevine-launcher.jar")));
        for (String folder : List.of("examples", "modules")) {
            try (Stream<Path> files = Files.list(home.resolve(folder))) {
                files.filter(file -> file.toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        return jars;
    }

    /**
     * Runs the same Maven, offline, on {@code modules} and what they need, in another time zone
     * than this JVM's (a zip entry's time is local time). Tests are skipped: other tests run them.
     */
    private static void build(Path root, String modules) throws IOException, InterruptedException {
        Path mvn = Path.of(System.getProperty("itest.maven.home", "/usr/share/maven"), "bin", "mvn");
        Path log = root.resolve("build.log");
        ProcessBuilder builder = new ProcessBuilder(mvn.toString(), "-B", "-o", "-q",
                "-Dmaven.repo.local=" + System.getProperty("itest.maven.repo",
                        System.getProperty("user.home") + "/.m2/repository"),
                "-Dmaven.test.skip=true", "-pl", modules, "-am", "package")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        String zone = TimeZone.getDefault().getRawOffset() == 14 * 3_600_000 ? "Etc/UTC" : "Pacific/Kiritimati";
        builder.environment().put("TZ", zone);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the rebuild took over 10 minutes, see " + log);
        }
        assertEquals("mvn " + String.join(" ", builder.command()) + " failed, see " + log + ":\n"
                + Files.readString(log), 0, process.exitValue());
    }

    /**
     * Copies the Maven projects under {@code from}: in each folder with a {@code pom.xml}, its files
     * and its {@code src/}, then the same for its subfolders; never {@code target/}, never what a
     * node or a cluster left in the tree.
     */
    private static void copyProjects(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> entries = Files.list(from)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (Files.isRegularFile(entry)) {
                    Files.copy(entry, to.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                } else if (name.equals("src") || name.equals(".mvn")) {
                    copyTree(entry, to.resolve(name));
                } else if (Files.isDirectory(entry) && !name.equals("target") && Files.isRegularFile(entry.resolve("pom.xml"))) {
                    copyProjects(entry, to.resolve(name));
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path path : all.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static Path jarIn(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars = files.filter(file -> file.toString().endsWith(".jar")).toList();
            assertEquals("one jar in " + target + ": " + jars, 1, jars.size());
            return jars.get(0);
        }
    }

    private static Path sourceRoot() {
        Path root = Path.of(System.getProperty("itest.source.root", "..")).toAbsolutePath().normalize();
        assertTrue("no root pom at " + root, Files.isRegularFile(root.resolve("pom.xml")));
        return root;
    }

    /** The root pom's {@code project.build.outputTimestamp} as the local time a zip entry shows. */
    private static LocalDateTime outputTimestamp() {
        String value = System.getProperty("itest.output.timestamp", "");
        if (value.isBlank() || value.startsWith("${")) {
            throw new AssertionError("the root pom sets no project.build.outputTimestamp, so every build stamps"
                    + " its jars with its own time (got '" + value + "')");
        }
        return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
