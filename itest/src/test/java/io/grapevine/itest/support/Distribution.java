package io.grapevine.itest.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** The assembled node under test: {@code distribution/target/grapevine}. */
public final class Distribution {
    private Distribution() {
    }

    public static Path home() {
        Path home = Path.of(System.getProperty("itest.dist", "../distribution/target/grapevine"));
        if (!Files.isDirectory(home.resolve("bundle"))) {
            throw new IllegalStateException("no assembled node at " + home.toAbsolutePath()
                    + ": build the distribution module first");
        }
        return home.toAbsolutePath().normalize();
    }

    /** The bundles a node installs, in the order it starts them (the launcher's own rule). */
    public static List<Path> bundles() throws IOException {
        try (Stream<Path> files = Files.list(home().resolve("bundle"))) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    public static Properties frameworkProperties() throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(home().resolve("conf/framework.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    public static Path targetDir() {
        return Path.of(System.getProperty("itest.target", "target"));
    }
}
