package io.grapevine.console.shell;

import io.grapevine.console.BoundedRead;
import io.grapevine.core.admin.AdminException;
import io.grapevine.core.admin.GrapevineAdmin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands in scope {@code grapevine}: the same verbs as the REST API and the CLI. Each
 * returns the text Gogo prints; a refusal is one line starting with {@code error:}.
 */
@Component(service = GrapevineCommands.class, property = {
    "osgi.command.scope=grapevine",
    "osgi.command.function=status",
    "osgi.command.function=deploy",
    "osgi.command.function=rollback",
    "osgi.command.function=history"
})
public class GrapevineCommands {
    private final GrapevineAdmin admin;

    @Activate
    public GrapevineCommands(@Reference GrapevineAdmin admin) {
        this.admin = admin;
    }

    /** grapevine:status — this node's id, address, deployment and modules. */
    public String status() {
        return StatusText.render(admin.status());
    }

    /** grapevine:deploy FILE-OR-URL — deploys a module bundle jar. */
    public String deploy(String fileOrUrl) {
        try {
            byte[] jar = read(fileOrUrl);
            return "deployed as " + admin.deploy(jar);
        } catch (AdminException e) {
            return "error: " + e.getMessage();
        } catch (IOException | IllegalArgumentException e) {
            return "error: cannot read " + fileOrUrl + ": " + e.getMessage();
        }
    }

    /** grapevine:rollback DEPLOYMENT — a new deployment with the modules of DEPLOYMENT. */
    public String rollback(String deployment) {
        try {
            return "rolled back to " + deployment + " as " + admin.rollback(deployment);
        } catch (AdminException e) {
            return "error: " + e.getMessage();
        }
    }

    /** grapevine:history — the configurations applied, newest first. */
    public String history() {
        return HistoryText.render(admin.history());
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
