/**
 * The core's admin service, the one door through which the operator's view (the Web Console tab
 * and the Gogo commands of {@code io.grapevine.console}) reads and changes the node: what it runs,
 * what it ran, what happened, and deploy, roll back, undeploy. Plain values only, so that the
 * core's internals stay private and can change without touching its users.
 */
@Export
@Version("1.0.0")
package io.grapevine.core.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
