package io.grapevine.itest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections that send a request as slowly as an attacker does: each sends {@code opening} at
 * once, then {@code tick} every {@code every}, and never finishes. All of them run on one thread
 * (non-blocking sockets and a selector), so hundreds cost the test no threads. A connection the
 * server closes counts as cut, and the status line it answered first (if any) is tallied; while
 * the attack runs a cut connection is replaced by a new one, as an attacker would.
 */
public final class SlowClients implements AutoCloseable {
    /** One kind of slow connection, {@code count} of them at a time. */
    public record Plan(String name, int count, String opening, String tick, Duration every) {
    }

    /** What happened to the connections of one plan. */
    public static final class Tally {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger cut = new AtomicInteger();
        final AtomicInteger firstCut = new AtomicInteger();
        final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

        public int opened() {
            return opened.get();
        }

        /** Connections the server closed, replacements included. */
        public int cut() {
            return cut.get();
        }

        /** Connections of the first wave (the first {@code count}) the server closed. */
        public int firstCut() {
            return firstCut.get();
        }

        /** First status lines answered before a cut, e.g. {@code HTTP/1.1 408 Request Timeout} → times. */
        public Map<String, Integer> answers() {
            Map<String, Integer> copy = new java.util.TreeMap<>();
            answers.forEach((line, n) -> copy.put(line, n.get()));
            return copy;
        }

        @Override
        public String toString() {
            return "opened " + opened() + ", cut " + cut() + " (first wave " + firstCut() + "), answers " + answers();
        }
    }

    private final class Connection {
        final Plan plan;
        final Tally tally;
        final boolean firstWave;
        final SocketChannel channel;
        final StringBuilder answer = new StringBuilder();
        long nextTick;

        Connection(Plan plan, Tally tally, boolean firstWave) throws IOException {
            this.plan = plan;
            this.tally = tally;
            this.firstWave = firstWave;
            channel = SocketChannel.open(address);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
            write(plan.opening());
            nextTick = System.nanoTime() + plan.every().toNanos();
            tally.opened.incrementAndGet();
        }

        /** Writes what fits (a tick is small, the socket buffer empty); false once the server is gone. */
        boolean write(String text) {
            try {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private final InetSocketAddress address;
    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final Thread loop;
    private volatile boolean running = true;
    private volatile IOException failure;

    private SlowClients(int port, List<Plan> plans) throws IOException {
        address = new InetSocketAddress("127.0.0.1", port);
        selector = Selector.open();
        for (Plan plan : plans) {
            Tally tally = new Tally();
            tallies.put(plan.name(), tally);
            for (int i = 0; i < plan.count(); i++) {
                connections.add(new Connection(plan, tally, true));
            }
        }
        loop = new Thread(this::run, "slow-clients");
        loop.setDaemon(true);
        loop.start();
    }

    /** Opens every plan's connections (blocking until all are connected) and keeps them slow. */
    public static SlowClients start(int port, List<Plan> plans) throws IOException {
        return new SlowClients(port, plans);
    }

    public Tally tally(String plan) {
        return tallies.get(plan);
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            while (running) {
                selector.select(50);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    buffer.clear();
                    int read;
                    try {
                        read = connection.channel.read(buffer);
                    } catch (IOException e) {
                        read = -1; // reset by the server
                    }
                    if (read < 0) {
                        cut(connection);
                    } else if (connection.answer.length() < 200) {
                        connection.answer.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                for (Connection connection : List.copyOf(connections)) {
                    if (now >= connection.nextTick) {
                        connection.nextTick = now + connection.plan.every().toNanos();
                        if (!connection.write(connection.plan.tick())) {
                            cut(connection);
                        }
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private void cut(Connection connection) throws IOException {
        if (!connections.remove(connection)) {
            return;
        }
        connection.channel.close();
        Tally tally = connection.tally;
        tally.cut.incrementAndGet();
        if (connection.firstWave) {
            tally.firstCut.incrementAndGet();
        }
        int end = connection.answer.indexOf("\r\n");
        String status = end < 0 ? "(closed without an answer)" : connection.answer.substring(0, end);
        tally.answers.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
        if (running) {
            connections.add(new Connection(connection.plan, tally, false));
        }
    }

    /** Stops the attack and closes every connection; rethrows what failed the loop. */
    @Override
    public void close() {
        running = false;
        try {
            loop.join(10_000);
            for (Connection connection : connections) {
                connection.channel.close();
            }
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new UncheckedIOException(failure);
        }
    }
}
