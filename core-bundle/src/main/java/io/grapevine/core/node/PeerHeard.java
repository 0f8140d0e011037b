package io.grapevine.core.node;

import io.grapevine.core.config.DeploymentNumber;

/**
 * What was last heard from one peer.
 *
 * @param deployment its configuration's deployment number, {@code null} if it had none
 * @param atMillis when, on the caller's clock
 */
public record PeerHeard(DeploymentNumber deployment, long atMillis) {
}
