package io.grapevine.itest.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Core jars for core updates: the node's own core ({@code bundle/61-io.grapevine.core.jar}), and
 * copies of it with another {@code Bundle-Version} and classes replaced by ones compiled here.
 */
public final class CoreJars {
    private CoreJars() {
    }

    public static Path shippedPath() {
        return Distribution.home().resolve("bundle/61-io.grapevine.core.jar");
    }

    public static byte[] shipped() throws IOException {
        return Files.readAllBytes(shippedPath());
    }

    /** The shipped core as version {@code version}: the same code, another jar (another SHA-256). */
    public static byte[] version(String version) throws IOException {
        return ModuleJars.withVersion(shipped(), version);
    }

    /**
     * A core whose component's constructor throws: DS never activates it, so it never answers
     * {@code /core/status} (nor says why, as the real core's own failures do).
     */
    public static byte[] throwingOnActivation(String version) throws IOException {
        String source = """
                package io.grapevine.core;

                /** A broken core: its one component throws when DS makes it. */
                public class GrapevineCore {
                    public GrapevineCore(org.osgi.framework.BundleContext context) {
                        throw new IllegalStateException("a broken core: it throws on activation");
                    }
                }
                """;
        return replacing(version, compile("io.grapevine.core.GrapevineCore", source,
                List.of(Distribution.home().resolve("lib/org.apache.felix.framework.jar"))));
    }

    /**
     * The real core with a broken gossip codec: what it writes no core reads, and it reads nothing.
     * It starts, runs the modules and answers {@code /core/status}, and never completes a core
     * gossip exchange, not even with another node on the same broken core.
     */
    public static byte[] neverGossiping(String version) throws IOException {
        String source = """
                package io.grapevine.core.net;

                import io.grapevine.core.node.GossipMessage;

                /** A broken codec, with the real one's members. */
                public final class GossipCodec {
                    public static final int MAX_BYTES = 256 * 1024;
                    static final int MAX_HINTS = 64;
                    static final int MAX_TRUST_CHAIN = 32;

                    private GossipCodec() {
                    }

                    public static byte[] encode(GossipMessage message) {
                        return "{\\"broken\\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    }

                    public static GossipMessage decode(byte[] bytes) {
                        throw new IllegalArgumentException("this core reads no gossip");
                    }

                    static String address(String address) {
                        return address;
                    }
                }
                """;
        return replacing(version, compile("io.grapevine.core.net.GossipCodec", source, List.of(shippedPath())));
    }

    /** A copy of the shipped core at {@code version} with {@code entries} (jar paths) put in or replaced. */
    public static byte[] replacing(String version, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(shipped()))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            Map<String, byte[]> left = new HashMap<>(entries);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    byte[] replaced = left.remove(entry.getName());
                    if (replaced != null) {
                        out.write(replaced);
                    } else {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
                for (Map.Entry<String, byte[]> added : left.entrySet()) {
                    out.putNextEntry(new JarEntry(added.getKey()));
                    out.write(added.getValue());
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    /** Compiles one class (and its nested ones) against {@code classpath}; their class files by jar path. */
    public static Map<String, byte[]> compile(String className, String source, List<Path> classpath)
            throws IOException {
        Path folder = Files.createTempDirectory(Distribution.targetDir(), "core-class-");
        Path file = folder.resolve("src/" + className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source, StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(folder.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = javac.run(null, errors, errors, "--release", "17", "-proc:none", "-nowarn", "-d", classes.toString(),
                "-cp", String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()),
                file.toString());
        if (code != 0) {
            throw new AssertionError("cannot compile " + className + ": " + errors.toString(StandardCharsets.UTF_8));
        }
        Map<String, byte[]> compiled = new HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path classFile : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                compiled.put(classes.relativize(classFile).toString().replace(java.io.File.separatorChar, '/'),
                        Files.readAllBytes(classFile));
            }
        }
        return compiled;
    }

    /** The jar's {@code Bundle-Version}. */
    public static String versionOf(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            return in.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    public static String sha256(byte[] jar) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
