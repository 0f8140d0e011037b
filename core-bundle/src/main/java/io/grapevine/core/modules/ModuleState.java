package io.grapevine.core.modules;

import io.grapevine.core.config.ModuleEntry;

/**
 * How a module fares on this node.
 *
 * @param entry the module as the configuration names it
 * @param state {@code running} or {@code failed}
 * @param reason why it failed, {@code null} while running
 * @param handover the state hand-over it started with: {@code kept}, {@code lost}, or null for none
 * @param handoverReason why the state was lost, or null
 */
public record ModuleState(ModuleEntry entry, String state, String reason, String handover, String handoverReason) {

    ModuleState(ModuleEntry entry, String state, String reason) {
        this(entry, state, reason, null, null);
    }

    public boolean running() {
        return "running".equals(state);
    }
}
