package io.grapevine.itest.support;

import io.grapevine.itest.modules.FaultyModule;
import io.grapevine.itest.modules.GossipProbeModule;
import java.util.Map;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Module jars for tests: the shipped counter examples and module library, and real bundles made
 * here around {@link FaultyModule} and others (a manifest, a DS component description and the
 * compiled class).
 */
public final class ModuleJars {
    private ModuleJars() {
    }

    public static byte[] counter(int major) throws IOException {
        return Files.readAllBytes(Distribution.home().resolve("examples/counter-" + major + ".0.0.jar"));
    }

    /** A bundle named {@code name} at {@code version} whose module misbehaves as {@code fault} says. */
    public static byte[] faulty(String name, String version, String fault) throws IOException {
        return bundle(name, version, fault, 0);
    }

    /** Like {@link #faulty} but padded with {@code padding} incompressible bytes. */
    public static byte[] bundle(String name, String version, String fault, int padding) throws IOException {
        return bundle(name, version, FaultyModule.class, Map.of("fault.txt", fault), padding);
    }

    /**
     * A gossiping {@link GossipProbeModule} bundle; {@code throwing} makes it throw on every message.
     */
    public static byte[] probe(String version, boolean throwing, int padding) throws IOException {
        return bundle("io.grapevine.test.probe", version, GossipProbeModule.class,
                Map.of("version.txt", version, "probe.txt", throwing ? "throw" : ""), padding);
    }

    /** A module bundle around {@code module}, a class of these tests, with the given resources. */
    public static byte[] bundle(String name, String version, Class<?> module, Map<String, String> resources,
            int padding) throws IOException {
        return io.grapevine.bench.faults.Bundles.module(name, version, module, resources, padding);
    }

    /**
     * A module bundle around {@code module} whose DS component description is {@code componentXml}
     * (hand-written: references to layers, activate methods) and whose Import-Package is
     * {@code imports}.
     */
    public static byte[] bundle(String name, String version, Class<?> module, Map<String, String> resources,
            int padding, String componentXml, String imports) throws IOException {
        return io.grapevine.bench.faults.Bundles.bundle(name, version, module, resources, padding, componentXml, imports);
    }

    /** A module of the node's library, {@code modules/<file>} in the distribution. */
    public static byte[] library(String file) throws IOException {
        return Files.readAllBytes(Distribution.home().resolve("modules/" + file));
    }

    /** The same bundle as {@code jar} with another {@code Bundle-Version}: a new version of its module. */
    public static byte[] withVersion(byte[] jar, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    /** A jar (a valid zip) with no OSGi manifest. */
    public static byte[] plainJar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            put(jar, "hello.txt", "not a bundle".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** A bundle without any Module component. */
    public static byte[] bundleWithoutModule() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "io.grapevine.test.nomodule");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            put(jar, "readme.txt", "no module here".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void put(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(name.endsWith(".bin") ? stored(name, content) : new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }

    private static ZipEntry stored(String name, byte[] content) {
        JarEntry entry = new JarEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        return entry;
    }
}
