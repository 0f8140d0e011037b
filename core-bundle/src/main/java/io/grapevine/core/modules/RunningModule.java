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

    static RunningModule running(ModuleEntry entry, Bundle bundle, Module module, ModuleContextImpl context,
            Handover handover) {
        return new RunningModule(entry, bundle, module, context, new ModuleState(entry, "running", null,
                handover.state() != null ? "kept" : handover.lost() != null ? "lost" : null, handover.lost()));
    }

    /**
     * What a module version starts with from its predecessor (or from the node's last clean stop).
     *
     * @param state the state handed over, null for none
     * @param lost why a state that should have come was lost, null otherwise
     */
    record Handover(String state, String lost) {
        static final Handover NONE = new Handover(null, null);
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
