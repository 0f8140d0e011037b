package io.grapevine.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A module (or core) bundle jar about to be deployed, checked locally first: a missing, unreadable or
 * non-bundle file fails at once with a clear reason instead of after an upload.
 *
 * @param path the jar file
 * @param name the module name, its {@code Bundle-SymbolicName} without directives
 * @param version its {@code Bundle-Version} (OSGi's default {@code 0.0.0} when absent)
 */
record BundleJar(Path path, String name, String version) {

    /** Whether this is a core (bundle {@code io.grapevine.core}), not a module: the launcher runs it. */
    boolean core() {
        return name.equals(CoreFiles.CORE_BUNDLE);
    }

    static BundleJar read(String file) throws CtlFailure {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new CtlFailure("bad file name '" + file + "'");
        }
        if (!Files.exists(path)) {
            throw new CtlFailure("no such file: " + file);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new CtlFailure("cannot read " + file + ": not a readable file");
        }
        Manifest manifest;
        try (JarFile jar = new JarFile(path.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException | SecurityException e) {
            throw new CtlFailure("cannot read " + file + " as a jar: " + e.getMessage());
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String symbolicName = main.getValue("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw new CtlFailure(file + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        }
        String version = main.getValue("Bundle-Version");
        return new BundleJar(path, symbolicName.split(";", 2)[0].strip(),
                version == null || version.isBlank() ? "0.0.0" : version.strip());
    }
}
