package io.grapevine.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node processes one {@code grapevine-cluster} command starts or stops: launching them,
 * waiting until each answers as itself, stopping them again (SIGTERM, SIGKILL after the grace),
 * and telling the operator on stderr what went wrong and the end of the node's log.
 */
final class ClusterRunner {
    static final Duration POLL = Duration.ofMillis(250);
    static final int LOG_TAIL_LINES = 5;

    private final Path home;
    private final PrintStream out;
    private final PrintStream err;
    private final Duration stopGrace;

    ClusterRunner(Path home, PrintStream out, PrintStream err, Duration stopGrace) {
        this.home = home;
        this.out = out;
        this.err = err;
        this.stopGrace = stopGrace;
    }

    /**
     * Starts each node with its settings, records them and its pid in its folder, and waits until
     * every one answers; {@code alreadyRunning} (node to pid) are only listed with them. Returns
     * the exit code: 0 when all answer, 2 when another process took a node's port meanwhile, 1
     * for any other failure. Whatever the failure, the nodes it started are stopped again.
     */
    int start(Map<ClusterNode, ClusterLayout.Settings> nodes, Map<String, String> env,
            Map<ClusterNode, Long> alreadyRunning, Duration timeout) {
        Map<ClusterNode, Process> started = new LinkedHashMap<>();
        for (Map.Entry<ClusterNode, ClusterLayout.Settings> entry : nodes.entrySet()) {
            ClusterNode node = entry.getKey();
            ClusterLayout.Settings settings = entry.getValue();
            try {
                Files.createDirectories(node.data());
                ClusterLayout.writeProperties(node, settings);
                Process process = ClusterProcesses.launch(node, ClusterLayout.command(home, node,
                        settings.rendezvous()), ClusterProcesses.environment(env, settings.javaOpts()));
                started.put(node, process);
                ClusterLayout.writePid(node, process.pid());
            } catch (IOException e) {
                err.println(Cluster.PREFIX + "cannot start " + node.name() + ": " + Cluster.describe(e));
                abort(started);
                return 1;
            }
        }
        int code = started.isEmpty() ? 0 : await(started, timeout);
        if (code == 0) {
            Map<ClusterNode, Long> pids = new HashMap<>(alreadyRunning);
            started.forEach((node, process) -> pids.put(node, process.pid()));
            Map<ClusterNode, Long> byIndex = new LinkedHashMap<>();
            pids.keySet().stream().sorted((a, b) -> Integer.compare(a.index(), b.index()))
                    .forEach(node -> byIndex.put(node, pids.get(node)));
            out.print(ClusterText.started(byIndex, alreadyRunning.keySet()));
        }
        return code;
    }

    /**
     * Waits until every node answers {@code /core/status} with 200 and its own node id, telling
     * the count on stderr whenever it changes. A node that exits, or the deadline, ends the wait:
     * the nodes started are stopped again.
     */
    private int await(Map<ClusterNode, Process> started, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ClusterProbe probe = new ClusterProbe();
        Set<ClusterNode> up = new HashSet<>();
        Map<ClusterNode, String> impostors = new HashMap<>();
        int shown = 0;
        err.println("waiting for nodes: 0/" + started.size() + " up");
        while (true) {
            List<ClusterNode> exited = started.keySet().stream().filter(node -> !started.get(node).isAlive()).toList();
            if (!exited.isEmpty()) {
                boolean taken = false;
                for (ClusterNode node : exited) {
                    int code = started.get(node).exitValue();
                    taken |= code == HttpPort.TAKEN_EXIT;
                    report(node, code == HttpPort.TAKEN_EXIT
                            ? "could not listen: another process took port " + node.port() + " while it started"
                            : "exited with code " + code + (up.contains(node) ? " after answering" : " before answering"));
                }
                abort(started);
                return taken ? 2 : 1;
            }
            List<ClusterNode> pending = started.keySet().stream().filter(node -> !up.contains(node)).toList();
            probe.status(pending).forEach((node, answer) -> {
                if (answer.isFrom(node)) {
                    up.add(node);
                } else if (answer.nodeId() != null) {
                    impostors.put(node, answer.nodeId());
                }
            });
            if (up.size() != shown) {
                shown = up.size();
                err.println("waiting for nodes: " + shown + "/" + started.size() + " up");
            }
            if (up.size() == started.size()) {
                return 0;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                for (ClusterNode node : started.keySet()) {
                    if (!up.contains(node)) {
                        report(node, "did not answer on " + node.url() + "/core/status within " + timeout.toSeconds()
                                + " s" + (impostors.containsKey(node) ? " (" + impostors.get(node)
                                + ", not " + node.nodeId() + ", answers there)" : ""));
                    }
                }
                abort(started);
                return 1;
            }
            try {
                // A pause between rounds, cut short when a node exits.
                CompletableFuture.anyOf(started.values().stream().map(Process::onExit)
                        .toArray(CompletableFuture[]::new)).get(Math.min(POLL.toNanos(), left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // next round
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println(Cluster.PREFIX + "interrupted while waiting for the nodes");
                abort(started);
                return 1;
            }
        }
    }

    /** Why the node failed, then the last lines of its log. */
    private void report(ClusterNode node, String reason) {
        err.println(Cluster.PREFIX + node.name() + " " + reason + "; last lines of " + node.log() + ":");
        List<String> lines = ClusterProcesses.tail(node.log(), LOG_TAIL_LINES);
        if (lines.isEmpty()) {
            err.println("    (nothing)");
        }
        lines.forEach(line -> err.println("    " + line));
    }

    /** Stops the nodes of a failed start and forgets their pids. */
    private void abort(Map<ClusterNode, Process> started) {
        if (started.isEmpty()) {
            return;
        }
        err.println(Cluster.PREFIX + "stopping the " + started.size() + (started.size() == 1 ? " node" : " nodes")
                + " started");
        Map<ClusterNode, ProcessHandle> handles = new LinkedHashMap<>();
        started.forEach((node, process) -> handles.put(node, process.toHandle()));
        stop(handles);
    }

    /** Stops the processes together; removes the pid file of each one gone. Returns how many went. */
    int stop(Map<ClusterNode, ProcessHandle> processes) {
        Map<ProcessHandle, ClusterProcesses.Outcome> outcomes = ClusterProcesses.stop(processes.values(), stopGrace);
        int stopped = 0;
        for (Map.Entry<ClusterNode, ProcessHandle> entry : processes.entrySet()) {
            ClusterNode node = entry.getKey();
            ClusterProcesses.Outcome outcome = outcomes.get(entry.getValue());
            if (outcome == ClusterProcesses.Outcome.SURVIVED) {
                err.println(Cluster.PREFIX + "cannot stop " + node.name() + " (pid " + entry.getValue().pid()
                        + "): it is still running");
                continue;
            }
            if (outcome == ClusterProcesses.Outcome.KILLED) {
                err.println(Cluster.PREFIX + node.name() + " (pid " + entry.getValue().pid() + ") did not stop within "
                        + stopGrace.toSeconds() + " s of SIGTERM: killed it");
            }
            stopped++;
            try {
                Files.deleteIfExists(node.pidFile());
            } catch (IOException e) {
                err.println(Cluster.PREFIX + "cannot remove " + node.pidFile() + ": " + Cluster.describe(e));
            }
        }
        return stopped;
    }
}
