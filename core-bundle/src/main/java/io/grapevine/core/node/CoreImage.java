package io.grapevine.core.node;

import io.grapevine.core.config.ModuleEntry;
import java.util.Set;

/**
 * The core this node runs, as its launcher says, and the cores the launcher tried and found bad:
 * what decides whether a configuration naming a core ({@value ModuleEntry#CORE}) restarts the node.
 *
 * @param running the SHA-256 of the running core's jar, or null where no Grapevine launcher switches
 *     cores (Karaf): then a configuration's core is never switched to
 * @param bad the SHA-256 of cores that failed their probation here; never tried again
 */
public record CoreImage(String running, Set<String> bad) {
    public static final CoreImage UNMANAGED = new CoreImage(null, Set.of());

    public CoreImage {
        bad = Set.copyOf(bad);
    }

    /** The core {@code config} names if this node's launcher found it bad, else null. */
    String reverted(io.grapevine.core.config.Configuration config) {
        return config.module(ModuleEntry.CORE).map(ModuleEntry::sha256).filter(bad::contains).orElse(null);
    }

    boolean switches(ModuleEntry wanted) {
        return running != null && wanted != null && !wanted.sha256().equals(running) && !bad.contains(wanted.sha256());
    }
}
