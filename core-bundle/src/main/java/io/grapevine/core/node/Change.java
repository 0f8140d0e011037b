package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import java.util.List;
import java.util.Optional;

/** What an operator asks for: each makes the successor of the current configuration. */
public sealed interface Change {

    /** Why this change cannot be made of {@code current}, with {@code history} (a 404), or null. */
    String whyNot(Configuration current, List<Configuration> history);

    /** The configuration this change makes of {@code current} under {@code number}, unsigned; see {@link #whyNot}. */
    Configuration appliedTo(Configuration current, List<Configuration> history, DeploymentNumber number);

    /** Module {@code jar} added, or replacing the module of its name. */
    record Deploy(Jar jar) implements Change {
        @Override
        public String whyNot(Configuration current, List<Configuration> history) {
            return null;
        }

        @Override
        public Configuration appliedTo(Configuration current, List<Configuration> history, DeploymentNumber number) {
            return current.with(number, jar.at(number));
        }

        /** Whether {@code current} runs this very jar already, so that nothing is to deploy. */
        boolean runsIn(Configuration current) {
            return current.module(jar.name()).filter(m -> m.sha256().equals(jar.sha256())).isPresent();
        }
    }

    /** Module {@code module} removed. */
    record Undeploy(String module) implements Change {
        @Override
        public String whyNot(Configuration current, List<Configuration> history) {
            return current.module(module).isEmpty() ? "no module " + module + " in the current deployment" : null;
        }

        @Override
        public Configuration appliedTo(Configuration current, List<Configuration> history, DeploymentNumber number) {
            return current.without(number, module);
        }
    }

    /** The modules of deployment {@code target}, from the history, under a new number. */
    record Rollback(DeploymentNumber target) implements Change {
        @Override
        public String whyNot(Configuration current, List<Configuration> history) {
            return find(history).isEmpty() ? "no deployment " + target + " in this node's history" : null;
        }

        @Override
        public Configuration appliedTo(Configuration current, List<Configuration> history, DeploymentNumber number) {
            return current.successor(number, find(history).orElseThrow().modules());
        }

        private Optional<Configuration> find(List<Configuration> history) {
            return history.stream().filter(c -> target.equals(c.deployment())).findFirst();
        }
    }
}
