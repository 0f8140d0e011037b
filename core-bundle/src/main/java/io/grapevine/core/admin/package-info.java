/**
 * The core as the operator's view sees it: a small service to read the node's state and to deploy,
 * roll back and undeploy, and to check the admin's login. The Web Console plugin, its security
 * provider and the Gogo commands ({@code console-bundle}) use nothing else of the core. 1.1 added
 * the login check ({@code checkAdmin}), {@code countRefusal} and {@code AdminException}'s retry
 * time.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.grapevine.core.admin;
