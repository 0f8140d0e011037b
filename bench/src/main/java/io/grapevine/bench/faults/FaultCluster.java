package io.grapevine.bench.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * N real nodes sharing one trust root, deployer key and cluster key, each its own process with its
 * own data folder under one cluster folder; on loopback (consecutive free ports), or at the
 * addresses a {@link Netns} gives them. Closing it stops every node still running.
 */
public final class FaultCluster implements AutoCloseable {
    /** Small JVMs, so that 50 of them fit a 2-core machine (as ClusterBenchmark's). */
    public static final String SMALL_JVM = "-Xmx96m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
            + " -XX:CICompilerCount=1";
    private static final int START_BATCH = 10;

    private final Path dir;
    private ClusterFiles files;
    private final List<FaultNode> nodes = new ArrayList<>();
    private final IntFunction<List<String>> prefix;
    private final IntFunction<Map<String, String>> env;

    private FaultCluster(Path dir, IntFunction<List<String>> prefix, IntFunction<Map<String, String>> env) {
        this.dir = dir;
        this.prefix = prefix;
        this.env = env;
    }

    /** What the nodes are and how each is started. */
    public record Plan(Path home, int nodes, int rendezvous, String javaOpts, IntFunction<Map<String, String>> env) {
        public Plan(Path home, int nodes, String javaOpts) {
            this(home, nodes, 1, javaOpts, i -> Map.of());
        }

        public Plan withEnv(IntFunction<Map<String, String>> perNode) {
            return new Plan(home, nodes, rendezvous, javaOpts, perNode);
        }
    }

    /** N nodes on loopback, started in batches; returns once all answer. */
    public static FaultCluster loopback(Plan plan) throws Exception {
        int base = freeBlock(plan.nodes());
        return start(plan, i -> "127.0.0.1", i -> base + i, i -> List.of());
    }

    /** N nodes in the namespaces of {@code net}, node i at its address, all on {@code port}. */
    public static FaultCluster in(Netns net, Plan plan, int port) throws Exception {
        return start(plan, net::address, i -> port, net::exec);
    }

    private static FaultCluster start(Plan plan, IntFunction<String> host, IntFunction<Integer> port,
            IntFunction<List<String>> prefix) throws Exception {
        Path dir = Files.createTempDirectory("grapevine-faults-");
        FaultCluster cluster = new FaultCluster(dir, prefix, plan.env());
        try {
            ClusterFiles files = ClusterFiles.make(dir);
            cluster.files = files;
            List<String> rendezvous = new ArrayList<>();
            for (int i = 0; i < plan.rendezvous(); i++) {
                int r = i * plan.nodes() / plan.rendezvous();
                rendezvous.add(host.apply(r) + ":" + port.apply(r));
            }
            FaultNode.Spec spec = new FaultNode.Spec(plan.home(), files, plan.javaOpts(), String.join(",", rendezvous));
            for (int i = 0; i < plan.nodes(); i++) {
                cluster.nodes.add(new FaultNode(i, host.apply(i), port.apply(i), dir, spec));
            }
            long started = System.currentTimeMillis();
            for (int from = 0; from < plan.nodes(); from += START_BATCH) {
                List<FaultNode> batch = cluster.nodes.subList(from, Math.min(plan.nodes(), from + START_BATCH));
                for (FaultNode node : batch) {
                    cluster.launch(node);
                }
                for (FaultNode node : batch) {
                    if (!node.awaitUp(Duration.ofMinutes(5))) {
                        throw new IllegalStateException(node.nodeId() + " exited at start:\n" + node.logTail(20));
                    }
                }
            }
            System.out.printf("%d nodes up after %d ms (%s)%n", plan.nodes(), System.currentTimeMillis() - started, dir);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts {@code node}'s process again (same data folder, port, prefix and environment). */
    public void launch(FaultNode node) throws IOException {
        launch(node, "");
    }

    public void launch(FaultNode node, String extraJavaOpts) throws IOException {
        node.launch(prefix.apply(node.index()), env.apply(node.index()), extraJavaOpts);
    }

    public List<FaultNode> nodes() {
        return nodes;
    }

    public FaultNode get(int i) {
        return nodes.get(i);
    }

    public int size() {
        return nodes.size();
    }

    public ClusterFiles files() {
        return files;
    }

    public Path dir() {
        return dir;
    }

    /** Waits until every node {@code which} accepts runs {@code deployment} with all modules running; the ms it took. */
    public long awaitOn(String deployment, Predicate<FaultNode> which, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<FaultNode> waiting = new ArrayList<>(nodes.stream().filter(which).toList());
        while (true) {
            waiting.removeIf(node -> node.runs(deployment));
            if (waiting.isEmpty()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(waiting.stream().map(n -> n.nodeId() + " (" + n.describe() + ")").toList() + " not running " + deployment + " after " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling interval
        }
    }

    public long awaitAllOn(String deployment, Duration timeout) throws InterruptedException {
        return awaitOn(deployment, n -> true, timeout);
    }

    @Override
    public void close() {
        // SIGTERM to all at once, then wait: stopping 50 nodes one after the other takes minutes.
        nodes.stream().filter(FaultNode::alive).forEach(FaultNode::terminate);
        for (FaultNode node : nodes) {
            try {
                node.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!Boolean.getBoolean("grapevine.faults.keep")) {
            delete(dir);
        } else {
            System.out.println("kept the cluster folder " + dir);
        }
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** The first of {@code count} consecutive free loopback ports (offset by this process, so that two runs differ). */
    public static int freeBlock(int count) throws IOException {
        // Below the kernel's ephemeral range: there, the nodes' own outgoing connections could take
        // a port of the block while the cluster starts (a 100-node start lost node 98 that way).
        int low = 10_000;
        int span = Math.max(1, ephemeralLow() - low - count);
        int offset = (int) (ProcessHandle.current().pid() % 97) * 200 % span;
        for (int step = 0; step < span; step += count + 7) {
            int base = low + (offset + step) % span;
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no block of " + count + " free ports");
    }

    /** The first port the kernel hands out for outgoing connections (Linux; 32768 elsewhere). */
    private static int ephemeralLow() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip()
                    .split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
