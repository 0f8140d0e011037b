package io.grapevine.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * N Serf agents on loopback, one process each, all joined to agent 0. Each runs an event handler
 * for user event {@value #EVENT} that appends the time it ran (ns since the epoch, {@code date
 * +%s%N}) to {@code <dir>/<agent>.times}: one line per event, so line k is the k-th event's arrival.
 */
final class SerfAgents implements AutoCloseable {
    static final String EVENT = "bench";

    private final Path serf;
    private final Path dir;
    private final int base;
    private final int count;
    private final List<Process> processes = new ArrayList<>();
    /** Should the benchmark be stopped (Ctrl-C, SIGTERM), the agents stop with it. */
    private final Thread stopOnExit = new Thread(() -> processes.forEach(Process::destroy), "stop-agents");

    private SerfAgents(Path serf, Path dir, int base, int count) {
        this.serf = serf;
        this.dir = dir;
        this.base = base;
        this.count = count;
    }

    /**
     * Starts {@code count} agents (gossip on {@code base + i}, RPC on {@code base + count + i}) and
     * returns once every agent sees all of them alive.
     */
    static SerfAgents start(Path serf, int count, int timeoutSeconds) throws Exception {
        Path dir = Files.createTempDirectory("grapevine-bench-serf-");
        SerfAgents agents = new SerfAgents(serf, dir, LocalCluster.freeBlock(2 * count), count);
        try {
            agents.launch(timeoutSeconds);
        } catch (Exception e) {
            agents.close();
            throw e;
        }
        return agents;
    }

    private void launch(int timeoutSeconds) throws Exception {
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Path handler = dir.resolve("handler.sh");
        Files.writeString(handler, "#!/bin/sh\n# Serf runs this for each user event '" + EVENT + "'.\n"
                + "date +%s%N >> \"" + dir + "/$SERF_SELF_NAME.times\"\ncat > /dev/null\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(handler, PosixFilePermissions.fromString("rwxr-xr-x"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int i = 0; i < count; i++) {
            List<String> command = new ArrayList<>(List.of(serf.toString(), "agent", "-node=" + name(i),
                    "-bind=127.0.0.1:" + (base + i), "-rpc-addr=" + rpc(i), "-log-level=warn",
                    "-event-handler=user:" + EVENT + "=" + handler));
            if (i > 0) {
                command.addAll(List.of("-retry-join=127.0.0.1:" + base, "-retry-interval=1s"));
            }
            processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(log(i).toFile()).start());
            if (i == 0) {
                awaitAlive(0, 1, deadline); // the others join it
            }
        }
        for (int i = 0; i < count; i++) {
            awaitAlive(i, count, deadline);
        }
    }

    /** Waits until agent {@code i} lists {@code members} members alive. */
    private void awaitAlive(int i, int members, long deadline) throws Exception {
        while (alive(i) < members) {
            if (!processes.get(i).isAlive()) {
                throw new IllegalStateException(name(i) + " exited, see " + log(i));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name(i) + " sees " + alive(i) + " of " + members + " agents alive");
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling interval
        }
    }

    private int alive(int i) throws Exception {
        Process members = new ProcessBuilder(serf.toString(), "members", "-rpc-addr=" + rpc(i), "-status=alive")
                .redirectErrorStream(true).start();
        String out = new String(members.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return members.waitFor() == 0 ? (int) out.lines().filter(l -> !l.isBlank()).count() : 0;
    }

    /** Fires user event {@value #EVENT} at agent {@code i}; returns once {@code serf event} is done. */
    void fire(int i, String payload) throws Exception {
        Process event = new ProcessBuilder(serf.toString(), "event", "-coalesce=false", "-rpc-addr=" + rpc(i), EVENT,
                payload).redirectErrorStream(true).start();
        String out = new String(event.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (event.waitFor() != 0) {
            throw new IOException("serf event failed: " + out.strip());
        }
    }

    /**
     * Per agent, the ms from {@code triggerMs} until its handler ran for the {@code k}-th event (from
     * 1); waits for every agent up to the deadline.
     */
    List<Long> arrivals(int k, long triggerMs, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(name(i) + ".times");
            List<String> lines = List.of();
            while ((lines = Files.exists(file) ? Files.readAllLines(file) : List.of()).size() < k) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name(i) + " did not run its handler for event " + k);
                }
                TimeUnit.MILLISECONDS.sleep(20); // polling interval; the file holds the time
            }
            times.add(Long.parseLong(lines.get(k - 1).strip()) / 1_000_000 - triggerMs);
        }
        return times;
    }

    List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** What the agents sent, from their in-memory telemetry (SIGUSR1 prints it to their logs). */
    SerfTelemetry telemetry() {
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            logs.add(log(i));
        }
        return new SerfTelemetry(pids(), logs);
    }

    private Path log(int i) {
        return dir.resolve(name(i) + ".log");
    }

    Path dir() {
        return dir;
    }

    private static String name(int i) {
        return "serf-" + i;
    }

    private String rpc(int i) {
        return "127.0.0.1:" + (base + count + i);
    }

    /** SIGTERM to every agent, SIGKILL to those still there after 10 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // exiting already, or never launched
        }
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
