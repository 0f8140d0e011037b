package io.grapevine.core;

import io.grapevine.core.config.Configuration;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The node's core: the one object the HTTP servlet, the Gogo commands and the console plugin
 * talk to.
 */
@Component(service = GrapevineCore.class, immediate = true)
public class GrapevineCore {
    private final NodeSettings settings;
    private final long startedNanos = System.nanoTime();
    private volatile Configuration current = Configuration.EMPTY;

    @Activate
    public GrapevineCore(BundleContext context) {
        this(NodeSettings.from(context::getProperty));
    }

    GrapevineCore(NodeSettings settings) {
        this.settings = settings;
    }

    public NodeSettings settings() {
        return settings;
    }

    public Configuration configuration() {
        return current;
    }

    public NodeStatus status() {
        Configuration config = current;
        List<NodeStatus.ModuleStatus> modules = config.modules().stream()
                .map(m -> new NodeStatus.ModuleStatus(m.name(), m.version(), m.sha256(),
                        m.deployment().toString(), "running", null))
                .toList();
        return new NodeStatus(settings.nodeId(), settings.address(),
                (System.nanoTime() - startedNanos) / 1_000_000,
                config.deployment() == null ? null : config.deployment().toString(),
                modules, settings.rendezvous());
    }
}
