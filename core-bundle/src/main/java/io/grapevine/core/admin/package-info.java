/**
 * The core as the operator's view sees it: a small service to read the node's state and to deploy,
 * roll back and undeploy. The Web Console plugin and the Gogo commands ({@code console-bundle})
 * use nothing else of the core.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.grapevine.core.admin;
