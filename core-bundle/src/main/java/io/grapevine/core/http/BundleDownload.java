package io.grapevine.core.http;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.store.BundleStore;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /core/bundles/<sha256>}: a stored jar, for peers catching up. */
final class BundleDownload {
    private BundleDownload() {
    }

    static void serve(BundleStore store, String sha, HttpServletResponse response, PeerAuth auth, PeerAuth.Peer peer)
            throws IOException, AdminException {
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new AdminException(400, "not a sha256: " + sha);
        }
        if (!store.has(sha)) {
            throw new AdminException(404, "no bundle " + sha + " here");
        }
        byte[] jar;
        try {
            jar = store.get(sha);
        } catch (IOException e) {
            throw new AdminException(404, e.getMessage());
        }
        auth.send(response, peer, 200, "application/java-archive", jar);
    }
}
