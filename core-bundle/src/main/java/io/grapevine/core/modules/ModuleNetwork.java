package io.grapevine.core.modules;

import io.grapevine.core.config.DeploymentNumber;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** How a module's context reaches peers: through the core, which stamps and fences. */
public interface ModuleNetwork {

    /**
     * Sends {@code body} to module {@code module} on {@code peer}; completes with the answer body
     * or fails ({@link io.grapevine.api.VersionMismatchException} when the versions differ).
     */
    CompletableFuture<byte[]> exchange(String module, DeploymentNumber moduleDeployment, String peer, String path,
            byte[] body, Duration timeout);

    /** The peers the core knows. */
    List<String> peers();
}
