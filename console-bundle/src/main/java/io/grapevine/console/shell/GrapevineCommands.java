package io.grapevine.console.shell;

import io.grapevine.console.BoundedRead;
import io.grapevine.console.Signing;
import io.grapevine.core.admin.AdminException;
import io.grapevine.core.admin.GrapevineAdmin;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands in scope {@code grapevine}: the same verbs as the REST API and the CLI. Each
 * returns the text Gogo prints; a refusal is one line starting with {@code error:}. A change needs
 * this node's deployer key to be signed: without one, deploy, rollback and undeploy say so and how
 * to sign elsewhere ({@link Signing#NO_KEY}), and ask the core nothing. The
 * {@link Descriptor} texts are what {@code help grapevine:deploy} and the like print. Gogo's
 * {@code help NAME} looks up a command named NAME, never a scope, so command {@code grapevine}
 * exists for {@code help grapevine} to describe the scope.
 */
@Component(service = GrapevineCommands.class, property = {
    "osgi.command.scope=grapevine",
    "osgi.command.function=status",
    "osgi.command.function=deploy",
    "osgi.command.function=rollback",
    "osgi.command.function=history",
    "osgi.command.function=undeploy",
    "osgi.command.function=grapevine"
})
public class GrapevineCommands {
    /** The commands and their arguments, in the order {@link #grapevine} lists them. */
    static final List<String> USAGE = List.of("status", "deploy FILE-OR-URL", "rollback DEPLOYMENT", "history",
            "undeploy MODULE");

    private final GrapevineAdmin admin;

    @Activate
    public GrapevineCommands(@Reference GrapevineAdmin admin) {
        this.admin = admin;
    }

    @Descriptor("this node: its id, address, deployment and the modules it runs; then how many nodes of the cluster"
            + " run its deployment, and every node it has heard of with its deployment, state and when it was heard")
    public String status() {
        return StatusText.render(admin.status());
    }

    @Descriptor("deploy a module bundle jar to the whole cluster: a new deployment with this module added or"
            + " replaced, applied here, then gossiped; prints the new deployment number")
    public String deploy(@Descriptor("the jar: a file on this node (an absolute path; a relative one is resolved"
            + " against the node's working folder) or a URL") String fileOrUrl) {
        if (admin.deployerKeyId() == null) {
            return "error: " + Signing.NO_KEY;
        }
        try {
            byte[] jar = read(fileOrUrl);
            return "deployed as " + admin.deploy(jar);
        } catch (AdminException e) {
            return "error: " + e.getMessage();
        } catch (IOException | IllegalArgumentException e) {
            return "error: cannot read " + fileOrUrl + ": " + e.getMessage();
        }
    }

    @Descriptor("roll the whole cluster back: a NEW deployment (a higher number) with the modules of an older one")
    public String rollback(@Descriptor("the deployment number to go back to, as grapevine:history prints it")
            String deployment) {
        if (admin.deployerKeyId() == null) {
            return "error: " + Signing.NO_KEY;
        }
        try {
            return "rolled back to " + deployment + " as " + admin.rollback(deployment);
        } catch (AdminException e) {
            return "error: " + e.getMessage();
        }
    }

    @Descriptor("the deployments this node has applied, newest first, each with its modules")
    public String history() {
        return HistoryText.render(admin.history());
    }

    @Descriptor("remove a module from the whole cluster: a new deployment without it; prints its number")
    public String undeploy(@Descriptor("the module's name (its bundle's symbolic name), as grapevine:status prints it")
            String module) {
        if (admin.deployerKeyId() == null) {
            return "error: " + Signing.NO_KEY;
        }
        try {
            return "undeployed " + module + " as " + admin.undeploy(module);
        } catch (AdminException e) {
            return "error: " + e.getMessage();
        }
    }

    @Descriptor("the Grapevine commands: status, deploy FILE-OR-URL, rollback DEPLOYMENT, history, undeploy MODULE."
            + " Type grapevine for what each does, help grapevine:COMMAND for its parameters")
    public String grapevine() {
        StringBuilder out = new StringBuilder();
        for (String usage : USAGE) {
            String name = usage.split(" ")[0];
            Method method = Arrays.stream(GrapevineCommands.class.getMethods()).filter(m -> m.getName().equals(name)).findFirst()
                    .orElseThrow();
            out.append(String.format(Locale.ROOT, "grapevine:%-20s %s%n", usage,
                    method.getAnnotation(Descriptor.class).value()));
        }
        return out.toString();
    }

    private byte[] read(String fileOrUrl) throws IOException {
        Path file = Path.of(fileOrUrl);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return BoundedRead.jar(in, admin.maxBundleBytes());
            }
        }
        URI uri = fileOrUrl.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.+") ? URI.create(fileOrUrl) : null;
        if (uri == null || !uri.isAbsolute()) {
            // A relative path resolves against the node's working folder, not the operator's.
            throw new IOException("no file " + file.toAbsolutePath() + " and not a URL");
        }
        URL url = uri.toURL();
        try (InputStream in = url.openStream()) {
            return BoundedRead.jar(in, admin.maxBundleBytes());
        }
    }
}
