package io.grapevine.core.modules;

import io.grapevine.api.Module;
import io.grapevine.core.config.ModuleEntry;
import org.osgi.framework.Bundle;

/**
 * One module version on this node: its entry, its bundle and, when running, its service object and
 * context (whose thread runs everything of the module).
 */
public record RunningModule(ModuleEntry entry, Bundle bundle, Module module, ModuleContextImpl context,
        ModuleState state) {

    static RunningModule running(ModuleEntry entry, Bundle bundle, Module module, ModuleContextImpl context) {
        return new RunningModule(entry, bundle, module, context, new ModuleState(entry, "running", null));
    }

    /** A placeholder while {@code entry} replaces {@code previous} (which may be null). */
    static RunningModule starting(ModuleEntry entry, RunningModule previous) {
        return new RunningModule(entry, previous == null ? null : previous.bundle(), null, null,
                new ModuleState(entry, "starting", null));
    }

    static RunningModule failed(ModuleEntry entry, Bundle bundle, String reason) {
        return new RunningModule(entry, bundle, null, null, new ModuleState(entry, "failed", reason));
    }

    ModuleThread thread() {
        return context.thread();
    }
}
