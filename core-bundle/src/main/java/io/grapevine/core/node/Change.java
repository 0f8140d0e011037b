package io.grapevine.core.node;

import io.grapevine.core.config.DeploymentNumber;

/** What an operator asks for: each makes the successor of the current configuration. */
public sealed interface Change {

    /** Module {@code jar} added, or replacing the module of its name. */
    record Deploy(Jar jar) implements Change {
    }

    /** Module {@code module} removed. */
    record Undeploy(String module) implements Change {
    }

    /** The modules of deployment {@code target}, from the history, under a new number. */
    record Rollback(DeploymentNumber target) implements Change {
    }
}
