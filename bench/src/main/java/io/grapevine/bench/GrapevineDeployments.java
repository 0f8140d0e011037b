package io.grapevine.bench;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Deployments made at one node of a local cluster, as an operator makes them ({@code grapevine-ctl
 * deploy}, a JVM of its own) or straight through the REST API (only the nodes' own time counts),
 * each timed per node by the {@code module-started} event of its {@code /core/events}.
 * Every run installs the counter example afresh: the previous run's module is undeployed first,
 * and each run's jar is {@code counter-2.0.0.jar} with the run's number as its zip comment (same
 * entries, another SHA-256), so that every node fetches it as it would a module it never had.
 */
final class GrapevineDeployments {
    static final String MODULE = "io.grapevine.example.counter";

    /**
     * Per node (in the cluster's order), ms from the trigger to the module running there; and the CPU
     * time all nodes together used from the trigger until the last of them ran it, over {@code wallMs},
     * and the core messages they sent meanwhile.
     */
    record Run(List<Long> msPerNode, long clusterCpuMs, long wallMs, long coreMessages) {
    }

    private final Path home;
    private final LocalCluster cluster;
    private final Path work;
    private final boolean withCtl;

    /** With {@code withCtl}, deployments go through {@code bin/grapevine-ctl}, else through the REST API. */
    GrapevineDeployments(Path home, LocalCluster cluster, boolean withCtl) throws IOException {
        this.home = home;
        this.cluster = cluster;
        this.withCtl = withCtl;
        this.work = Files.createTempDirectory("grapevine-bench-jars-");
    }

    /** Run {@code k} (from 1): deploy at node {@code origin}, wait for every node, then undeploy everywhere. */
    Run run(int k, int origin, int timeoutSeconds) throws Exception {
        Path jar = withComment(home.resolve("examples/counter-2.0.0.jar"), "grapevine bench run " + k,
                work.resolve("counter-2.0.0-run" + k + ".jar"));
        String node = cluster.urls().get(origin);
        List<Long> pids = cluster.pids();
        long messagesBefore = NodeTraffic.coreMessagesSent(cluster.urls());
        java.time.Duration cpuBefore = ProcStats.sumCpu(pids);
        long trigger = System.currentTimeMillis();
        String deployment = withCtl ? ctl(node, "deploy", jar.toString()) : NodeClient.deploy(node, jar);
        List<Long> times = new ArrayList<>();
        Map<String, Long> started = awaitStarted(deployment, timeoutSeconds);
        long wallMs = System.currentTimeMillis() - trigger;
        long cpuMs = ProcStats.sumCpu(pids).minus(cpuBefore).toMillis();
        long coreMessages = NodeTraffic.coreMessagesSent(cluster.urls()) - messagesBefore;
        for (String url : cluster.urls()) {
            times.add(started.get(url) - trigger);
        }
        String removal = withCtl ? ctl(node, "undeploy", MODULE) : NodeClient.undeploy(node, MODULE);
        cluster.awaitDeployment(removal, System.nanoTime(), timeoutSeconds);
        return new Run(times, cpuMs, wallMs, coreMessages);
    }

    /** Each node's time of starting the module at {@code deployment}, polled one node at a time. */
    private Map<String, Long> awaitStarted(String deployment, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Map<String, Long> started = new HashMap<>();
        while (started.size() < cluster.urls().size()) {
            for (String url : cluster.urls()) {
                if (!started.containsKey(url)) {
                    long at = startedAt(url, deployment);
                    if (at >= 0) {
                        started.put(url, at);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException((cluster.urls().size() - started.size()) + " nodes never started "
                        + MODULE + " at " + deployment);
            }
            // The events hold the times: polling gently only keeps the nodes' CPU for the rollout.
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return started;
    }

    private static long startedAt(String url, String deployment) throws InterruptedException {
        try {
            return NodeClient.moduleStartedAt(url, MODULE, deployment);
        } catch (IOException | RuntimeException e) {
            return -1; // too busy to answer now: asked again next sweep
        }
    }

    /** {@code grapevine-ctl --node NODE --json --no-wait VERB ARG}; returns the deployment it made. */
    private String ctl(String node, String verb, String argument) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/grapevine-ctl").toString(), "--node", node,
                "--json", "--no-wait", verb, argument).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("GRAPEVINE_ADMIN_PASSWORD", NodeClient.PASSWORD);
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("grapevine-ctl " + verb + " failed: " + out.strip());
        }
        return JsonParser.parseString(out).getAsJsonObject().get("deployment").getAsString();
    }

    /** A copy of a jar without zip comment, with {@code comment} as its zip comment. */
    static Path withComment(Path jar, String comment, Path copy) throws IOException {
        byte[] bytes = Files.readAllBytes(jar);
        ByteBuffer end = ByteBuffer.wrap(bytes, bytes.length - 22, 22).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (end.getInt(0) != 0x06054b50 || end.getShort(20) != 0) {
            throw new IOException(jar + " does not end with a zip end record without comment");
        }
        byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(bytes.length + text.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(bytes).putShort(bytes.length - 2, (short) text.length).put(text);
        Files.write(copy, out.array());
        return copy;
    }
}
