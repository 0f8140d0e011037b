package io.grapevine.core.modules;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.node.Jar;
import io.grapevine.core.store.BundleStore;
import java.io.IOException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What a jar must be before the core stores or runs it, whether an operator uploaded it or a peer
 * served it: a bundle with a {@code Module} component ({@link ModuleJar}), within the size limit,
 * not named like a system bundle of the node.
 */
public final class JarPolicy {
    private final BundleContext context;
    private final BundleStore store;

    public JarPolicy(BundleContext context, BundleStore store) {
        this.context = context;
        this.store = store;
    }

    /** An operator's upload: admitted, then stored; what the node is told of it. */
    public Jar stage(byte[] jar) throws AdminException {
        ModuleJar module = admit(jar);
        try {
            return new Jar(module.name(), store.put(jar), jar.length, module.version());
        } catch (IOException e) {
            throw new AdminException(507, "cannot store the jar: " + e.getMessage());
        }
    }

    /** The module {@code jar} holds, or the refusal with its status. */
    public ModuleJar admit(byte[] jar) throws AdminException {
        ModuleJar module;
        try {
            module = ModuleJar.inspect(jar);
        } catch (ModuleJar.RefusedException e) {
            throw new AdminException(400, e.getMessage());
        }
        if (!module.name().equals(ModuleEntry.CORE) && clashesWithSystemBundle(module.name())) {
            throw new AdminException(409, "module name " + module.name() + " is taken by a system bundle of the node");
        }
        if (jar.length > store.maxBytes()) {
            throw new AdminException(413, "bundle too large: " + store.maxBytes() + " bytes is the limit (grapevine.bundle.max.bytes)");
        }
        return module;
    }

    /** Null when {@code jar}, served for {@code expected}, may run; else why not. */
    public String problem(ModuleEntry expected, byte[] jar) {
        try {
            ModuleJar module = admit(jar);
            if (!module.name().equals(expected.name()) || !module.version().equals(expected.version())) {
                return "the jar is " + module.name() + " " + module.version() + ", the configuration says "
                        + expected.name() + " " + expected.version();
            }
            return null;
        } catch (AdminException e) {
            return e.getMessage();
        }
    }

    /** True if {@code name} is taken by a bundle the core does not manage (a system bundle). */
    private boolean clashesWithSystemBundle(String name) {
        for (Bundle bundle : context.getBundles()) {
            if (name.equals(bundle.getSymbolicName()) && !bundle.getLocation().startsWith(ModuleManager.LOCATION_PREFIX)) {
                return true;
            }
        }
        return false;
    }
}
