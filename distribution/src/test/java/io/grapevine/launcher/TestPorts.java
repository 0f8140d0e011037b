package io.grapevine.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for processes under test, picked at random below the ports the system hands out on
 * its own ({@code ip_local_port_range}, where port 0 binds and every outgoing connection takes
 * its local port). There no connection competes for them, nor its TIME_WAIT, which keeps a port
 * from a listener for a minute and on a busy machine (thousands of them) fills most of that
 * range; only a process that asked for that very port binds one, so a port free now is still free
 * when the node binds it a second later, unless another test drew the same one: its caller then
 * draws again.
 */
final class TestPorts {
    private static final int LOW = 10_000;
    private static final int TRIES = 500;

    private TestPorts() {
    }

    /** {@code count} consecutive ports, bound (as a node binds) until the block is closed. */
    static Block reserve(int count) throws IOException {
        int high = highest(count);
        for (int attempt = 0; attempt < TRIES; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOW, high + 1);
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                for (int port = base; port < base + count; port++) {
                    ServerSocket socket = new ServerSocket();
                    sockets.add(socket);
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(port));
                }
                return new Block(base, sockets);
            } catch (IOException e) {
                new Block(base, sockets).close();
            }
        }
        throw new IOException("no " + count + " free ports in a row between " + LOW + " and " + (high + count - 1)
                + " after " + TRIES + " random tries");
    }

    /** The highest base that keeps the block below the system's own ports (all of them if that is odd). */
    private static int highest(int count) {
        int ephemeral = 32768;
        try {
            // readAllLines: readString gives one byte of a /proc file (its size says 0) on JDK 17.
            ephemeral = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .get(0).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // Not Linux: its usual range starts at 32768 or above.
        }
        return ephemeral - count > LOW + 1000 ? ephemeral - count : 65536 - count;
    }

    /** Ports held until {@link #close()}: close it just before the process under test binds them. */
    record Block(int base, List<ServerSocket> sockets) implements AutoCloseable {
        @Override
        public void close() {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a listening socket does not fail in a way worth reporting
                }
            }
        }
    }
}
