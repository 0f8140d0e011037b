package io.grapevine.core.shell;

import io.grapevine.core.GrapevineCore;
import io.grapevine.core.StatusText;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo commands in scope {@code grapevine}. Each returns the text Gogo prints. */
@Component(service = GrapevineCommands.class, property = {
    "osgi.command.scope=grapevine",
    "osgi.command.function=status"
})
public class GrapevineCommands {
    private final GrapevineCore core;

    @Activate
    public GrapevineCommands(@Reference GrapevineCore core) {
        this.core = core;
    }

    /** grapevine:status — this node's id, address, deployment and modules. */
    public String status() {
        return StatusText.render(core.status());
    }
}
