package io.grapevine.bench.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Module jars for fault scenarios: the node's shipped examples and library, and real bundles made
 * around a module class of this folder (a manifest, a DS component description, the class and
 * resources that choose its behaviour).
 */
public final class Bundles {
    private Bundles() {
    }

    public static byte[] example(Path home, String file) throws IOException {
        return Files.readAllBytes(home.resolve("examples").resolve(file));
    }

    /** {@code modules/<name>-*.jar} of the node's library. */
    public static byte[] library(Path home, String name) throws IOException {
        try (var files = Files.list(home.resolve("modules"))) {
            Path jar = files.filter(f -> f.getFileName().toString().startsWith(name + "-")).findFirst()
                    .orElseThrow(() -> new IOException("no " + name + " module in " + home.resolve("modules")));
            return Files.readAllBytes(jar);
        }
    }

    /** A bundle {@code name} at {@code version} around {@code module}, with {@code resources} and incompressible padding. */
    public static byte[] module(String name, String version, Class<?> module, Map<String, String> resources,
            int padding) throws IOException {
        String component = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + name + "\">\n"
                + "  <implementation class=\"" + module.getName() + "\"/>\n"
                + "  <service><provide interface=\"io.grapevine.api.Module\"/></service>\n"
                + "</scr:component>\n";
        return bundle(name, version, module, resources, padding, component, "io.grapevine.api;version=\"[1.0,2)\"");
    }

    /**
     * A bundle around {@code module} whose DS component description is {@code componentXml} and
     * whose Import-Package is {@code imports}, with {@code resources} and incompressible padding.
     */
    public static byte[] bundle(String name, String version, Class<?> module, Map<String, String> resources,
            int padding, String componentXml, String imports) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", name);
        main.putValue("Bundle-Version", version);
        main.putValue("Import-Package", imports);
        main.putValue("Service-Component", "OSGI-INF/module.xml");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            put(jar, "OSGI-INF/module.xml", componentXml.getBytes(StandardCharsets.UTF_8));
            String classFile = module.getName().replace('.', '/') + ".class";
            try (InputStream in = module.getClassLoader().getResourceAsStream(classFile)) {
                put(jar, classFile, in.readAllBytes());
            }
            for (Map.Entry<String, String> resource : resources.entrySet()) {
                put(jar, resource.getKey(), resource.getValue().getBytes(StandardCharsets.UTF_8));
            }
            if (padding > 0) {
                byte[] noise = new byte[padding];
                new Random(1).nextBytes(noise);
                put(jar, "padding.bin", noise);
            }
        }
        return bytes.toByteArray();
    }

    private static void put(JarOutputStream jar, String name, byte[] content) throws IOException {
        JarEntry entry = new JarEntry(name);
        if (name.endsWith(".bin")) {
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(content.length);
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setCrc(crc.getValue());
        }
        jar.putNextEntry(entry);
        jar.write(content);
        jar.closeEntry();
    }
}
