package io.grapevine.core.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One module of a configuration.
 *
 * @param name the module's name, its bundle's symbolic name; {@value #CORE} names the core itself
 *     (bundle {@code io.grapevine.core}), which the launcher, not the core, switches to
 * @param sha256 lower-case hex SHA-256 of the bundle jar
 * @param size the jar's size in bytes
 * @param version the bundle's version
 * @param deployment the deployment at which this module last changed
 */
public record ModuleEntry(String name, String sha256, long size, String version, DeploymentNumber deployment) {

    /** The reserved name of the core in a configuration, as the paper's core "acts as a module" named so. */
    public static final String CORE = "core";
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModuleEntry {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(version, "version");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad module name: " + name);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("bad sha256 for module " + name);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size for module " + name);
        }
    }

    /** True when both name the same code (the deployment number aside). */
    public boolean sameCode(ModuleEntry other) {
        return other != null && name.equals(other.name) && sha256.equals(other.sha256);
    }
}
