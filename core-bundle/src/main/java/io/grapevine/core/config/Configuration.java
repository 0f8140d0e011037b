package io.grapevine.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster-wide configuration: which module bundles, by SHA-256, make up a deployment, under
 * which trust root it was made, until when it may be adopted, and who signed it. Modules are kept
 * sorted by name so that equal content has one form (see {@link CanonicalJson}).
 *
 * @param deployment the deployment number, {@code null} only for {@link #EMPTY}
 * @param modules the modules, sorted by name, names unique
 * @param trust the version of the trust root it was made under
 * @param expires the time (ms since the epoch) after which no node adopts it any more
 * @param signatures deployer signatures over {@link CanonicalJson#signedBytes}
 */
public record Configuration(DeploymentNumber deployment, List<ModuleEntry> modules, long trust, long expires,
        List<Signature> signatures) {

    /** What a node holds before its first deployment. */
    public static final Configuration EMPTY = new Configuration(null, List.of());

    /**
     * A deployer's signature.
     *
     * @param key the id of the deployer key
     * @param value the Ed25519 signature, base64
     */
    public record Signature(String key, String value) {
    }

    /** An unsigned configuration without terms, as the module set alone. */
    public Configuration(DeploymentNumber deployment, List<ModuleEntry> modules) {
        this(deployment, modules, 0, 0, List.of());
    }

    public Configuration {
        List<ModuleEntry> sorted = new ArrayList<>(modules);
        sorted.sort(Comparator.comparing(ModuleEntry::name));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new IllegalArgumentException("module listed twice: " + sorted.get(i).name());
            }
        }
        for (ModuleEntry module : sorted) {
            if (deployment == null || module.deployment().compareTo(deployment) > 0) {
                throw new IllegalArgumentException("module " + module.name()
                        + " changed after its configuration's deployment");
            }
        }
        modules = List.copyOf(sorted);
        signatures = List.copyOf(signatures);
    }

    /** The same deployment made under trust version {@code trustVersion}, adoptable until {@code until}, unsigned. */
    public Configuration terms(long trustVersion, long until) {
        return new Configuration(deployment, modules, trustVersion, until, List.of());
    }

    /** The same configuration with {@code signature} added (one per key: a second one replaces the first). */
    public Configuration signedBy(Signature signature) {
        List<Signature> next = new ArrayList<>(signatures);
        next.removeIf(s -> s.key().equals(signature.key()));
        next.add(signature);
        return new Configuration(deployment, modules, trust, expires, next);
    }

    public Optional<ModuleEntry> module(String name) {
        return modules.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Map<String, ModuleEntry> byName() {
        Map<String, ModuleEntry> map = new LinkedHashMap<>();
        modules.forEach(m -> map.put(m.name(), m));
        return map;
    }

    /** The successor with {@code module} added, or replacing the module of the same name. */
    public Configuration with(DeploymentNumber number, ModuleEntry module) {
        Map<String, ModuleEntry> next = byName();
        next.put(module.name(), module);
        return successor(number, List.copyOf(next.values()));
    }

    /** The successor without module {@code name}; throws if there is no such module. */
    public Configuration without(DeploymentNumber number, String name) {
        Map<String, ModuleEntry> next = byName();
        if (next.remove(name) == null) {
            throw new IllegalArgumentException("no module " + name + " in deployment " + deployment);
        }
        return successor(number, List.copyOf(next.values()));
    }

    /**
     * A new configuration numbered {@code number} with {@code wanted}'s modules. A module whose
     * code is unchanged keeps the deployment at which it last changed; the others take
     * {@code number}.
     */
    public Configuration successor(DeploymentNumber number, List<ModuleEntry> wanted) {
        Map<String, ModuleEntry> current = byName();
        List<ModuleEntry> next = new ArrayList<>();
        for (ModuleEntry module : wanted) {
            ModuleEntry old = current.get(module.name());
            next.add(module.sameCode(old) ? old
                    : new ModuleEntry(module.name(), module.sha256(), module.size(), module.version(), number));
        }
        return new Configuration(number, next);
    }
}
