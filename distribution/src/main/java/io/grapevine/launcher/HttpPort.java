package io.grapevine.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A node's HTTP port: whether it can be bound, and whether the node's HTTP server took it. When
 * Felix HTTP cannot bind it only logs the error and runs on without HTTP; the launcher turns that
 * into an exit, because a node without its port can neither gossip nor be reached, and whoever
 * waits for it must learn why at once.
 */
final class HttpPort {
    /** The exit code of a node whose port another process holds. */
    static final int TAKEN_EXIT = 3;

    /** How long the node's HTTP server may take to register after the framework started. */
    static final Duration START_WAIT = Duration.ofSeconds(10);

    /** Felix HTTP registers this (Jakarta Servlet Whiteboard) only once its connector is open. */
    private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";

    private HttpPort() {
    }

    /** Whether {@code port} can be bound now on every address, address reuse on. */
    static boolean free(int port) {
        return free("0.0.0.0", port);
    }

    /** Whether {@code port} can be bound now as the node binds it: on {@code bind}, address reuse on. */
    static boolean free(String bind, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bind, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits up to {@code limit} for the node's HTTP server to be listening. */
    static boolean serving(BundleContext context, Duration limit) throws InterruptedException {
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter("(objectClass=" + RUNTIME + ")"), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        try {
            return tracker.waitForService(limit.toMillis()) != null;
        } finally {
            tracker.close();
        }
    }

    static String takenMessage(int port) {
        return "port " + port + " is taken by another process; choose another --port";
    }
}
