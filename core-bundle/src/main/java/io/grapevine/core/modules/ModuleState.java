package io.grapevine.core.modules;

import io.grapevine.core.config.ModuleEntry;

/**
 * How a module fares on this node.
 *
 * @param entry the module as the configuration names it
 * @param state {@code running} or {@code failed}
 * @param reason why it failed, {@code null} while running
 */
public record ModuleState(ModuleEntry entry, String state, String reason) {
    public boolean running() {
        return "running".equals(state);
    }
}
