package io.grapevine.module.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The bundle a module's build made in its classes folder, as the core will be given it: its
 * manifest and its resources.
 */
public final class BuiltBundle {
    private final Path classes;

    private BuiltBundle(Path classes) {
        this.classes = classes;
    }

    /** The bundle that holds {@code type}, a class of the module. */
    public static BuiltBundle of(Class<?> type) {
        try {
            return new BuiltBundle(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public Attributes manifest() throws IOException {
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            return new Manifest(in).getMainAttributes();
        }
    }

    public String resource(String path) throws IOException {
        return Files.readString(classes.resolve(path));
    }

    /**
     * Fails unless this is a module the core can update alone: named {@code name} at {@code
     * version}, with a DS component, exporting nothing and importing only the layer API, the
     * framework's own API and {@code java.*}, all from the immutable base. So nothing wires to it,
     * and it wires to no other module, nor to a helper library they would have to share.
     */
    public void assertIsolatedModule(String name, String version) throws IOException {
        Attributes manifest = manifest();
        expect(name.equals(manifest.getValue("Bundle-SymbolicName")), "Bundle-SymbolicName is not " + name);
        expect(version.equals(manifest.getValue("Bundle-Version")), "Bundle-Version is not " + version);
        expect(manifest.getValue("Service-Component") != null, "no DS component");
        expect(manifest.getValue("Export-Package") == null, "exports " + manifest.getValue("Export-Package"));
        for (String imported : imports()) {
            expect(imported.equals("io.grapevine.api") || imported.equals("io.grapevine.api.layer")
                    || imported.equals("org.osgi.framework") || imported.startsWith("java."), "imports " + imported);
        }
    }

    /** The packages the bundle imports, without their attributes. */
    private List<String> imports() throws IOException {
        List<String> packages = new ArrayList<>();
        for (String imported : manifest().getValue("Import-Package").split(",(?=[a-z])")) {
            packages.add(imported.split(";")[0]);
        }
        return packages;
    }

    private static void expect(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }
}
