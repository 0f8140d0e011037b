package io.grapevine.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * {@code grapevine-cluster}: starts N local nodes on loopback as background processes, shows
 * their status, stops them. The cluster is a folder ({@code --dir}); {@code node-<i>/} in it holds
 * node i's data, log, pid and port, so that {@code status} and {@code stop} find the nodes again
 * from the folder alone. Exit code 0 when done, 1 when the command failed, 2 for a bad command
 * line or a refused start (nodes already running in the folder, a port taken).
 *
 * <p>Everything from outside the process (the Grapevine folder, environment, output streams,
 * how a node process is recognised) comes in through the constructor, so that tests run the
 * whole tool in their own JVM.
 */
public final class Cluster {
    static final String PREFIX = "grapevine-cluster: ";
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(250);
    static final int LOG_TAIL_LINES = 5;

    private final Path home;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Predicate<ProcessHandle> runsANode;
    private final Duration stopGrace;

    /**
     * @param home the Grapevine folder, whose {@code bin/grapevine} starts a node
     * @param runsANode whether a live pid is one of our nodes; only those are ever signalled
     * @param stopGrace how long stopped nodes get after SIGTERM before SIGKILL
     */
    Cluster(Path home, Map<String, String> env, PrintStream out, PrintStream err,
            Predicate<ProcessHandle> runsANode, Duration stopGrace) {
        this.home = home.toAbsolutePath().normalize();
        this.env = env;
        this.out = out;
        this.err = err;
        this.runsANode = runsANode;
        this.stopGrace = stopGrace;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The whole tool, for the Grapevine folder named by the system property {@code grapevine.home}. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Path home = Path.of(System.getProperty("grapevine.home", "."));
        return new Cluster(home, env, out, err, ClusterProcesses::runsANode, STOP_GRACE).run(args);
    }

    int run(String... args) {
        ClusterArguments arguments;
        try {
            arguments = ClusterArguments.parse(args);
        } catch (UsageException e) {
            err.println(PREFIX + e.getMessage());
            return 2;
        }
        if (arguments.help()) {
            out.print(ClusterArguments.USAGE);
            out.flush();
            return 0;
        }
        try {
            return switch (arguments.command()) {
                case "start" -> start(arguments);
                case "status" -> status(arguments);
                case "stop" -> stop(arguments);
                default -> throw new IllegalStateException("command without an action: " + arguments.command());
            };
        } catch (UsageException e) {
            err.println(PREFIX + e.getMessage());
            return 2;
        } catch (ClusterFailure e) {
            err.println(PREFIX + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(PREFIX + describe(e));
            return 1;
        } catch (RuntimeException e) {
            // A bug here must still end as one line and exit 1, not as a stack trace.
            err.println(PREFIX + "unexpected error: " + e);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int start(ClusterArguments arguments) throws UsageException, ClusterFailure, IOException {
        ClusterLayout layout = ClusterLayout.of(arguments);
        List<ClusterNode> existing = ClusterLayout.existing(layout.dir());
        List<String> running = existing.stream().flatMap(node -> runningPid(node).stream()
                .map(pid -> node.name() + " (pid " + pid + ")")).toList();
        if (!running.isEmpty()) {
            throw new UsageException(layout.dir() + " already has running nodes: " + String.join(", ", running)
                    + "; stop them first with: grapevine-cluster stop --dir " + layout.dir());
        }
        List<String> taken = layout.all().stream().filter(node -> !portFree(node.port()))
                .map(node -> node.port() + " (" + node.name() + ")").toList();
        if (!taken.isEmpty()) {
            throw new UsageException((taken.size() == 1 ? "port " : "ports ") + String.join(", ", taken)
                    + (taken.size() == 1 ? " is" : " are") + " taken on 127.0.0.1; choose another --base-port");
        }
        Path launcher = home.resolve("bin").resolve("grapevine");
        if (!Files.isRegularFile(launcher)) {
            throw new ClusterFailure("no node launcher at " + launcher
                    + " (grapevine.home must be the Grapevine folder)");
        }
        notes(layout, existing);

        Map<String, String> environment = ClusterProcesses.environment(env, arguments.javaOpts());
        Map<ClusterNode, Process> started = new LinkedHashMap<>();
        for (ClusterNode node : layout.all()) {
            try {
                Files.createDirectories(node.data());
                ClusterLayout.writeProperties(node);
                Process process = ClusterProcesses.launch(node, layout.command(home, node), environment);
                started.put(node, process);
                ClusterLayout.writePid(node, process.pid());
            } catch (IOException e) {
                err.println(PREFIX + "cannot start " + node.name() + ": " + describe(e));
                abort(started);
                return 1;
            }
        }
        return awaitNodes(started, arguments.timeout());
    }

    /** Said before starting: things the operator may not expect, none of them an error. */
    private void notes(ClusterLayout layout, List<ClusterNode> existing) throws UsageException {
        String password = env.get(Ctl.PASSWORD_VARIABLE);
        if ((password == null || password.isEmpty()) && NodeOptions.load(home.resolve("conf/grapevine.properties"))
                .getProperty("admin.password", "").isEmpty()) {
            err.println(PREFIX + "note: " + Ctl.PASSWORD_VARIABLE + " is not set, so every node generates its"
                    + " own admin password (printed once in its node.log)");
        }
        List<String> others = existing.stream().filter(node -> node.index() >= layout.nodes())
                .map(ClusterNode::name).toList();
        if (!others.isEmpty()) {
            boolean one = others.size() == 1;
            err.println(PREFIX + "note: " + layout.dir() + " also holds " + String.join(", ", others)
                    + " from an earlier start; " + (one ? "it stays" : "they stay") + " stopped (status shows "
                    + (one ? "it" : "them") + " down until " + (one ? "its folder is" : "their folders are")
                    + " removed)");
        }
    }

    /**
     * Waits until every node answers {@code /core/status} with 200, telling the count on stderr
     * whenever it changes. A node that exits, or the deadline, ends the start: the nodes started
     * are stopped again.
     */
    private int awaitNodes(Map<ClusterNode, Process> started, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ClusterProbe probe = new ClusterProbe();
        Set<ClusterNode> up = new HashSet<>();
        int shown = 0;
        err.println("waiting for nodes: 0/" + started.size() + " up");
        while (true) {
            List<ClusterNode> exited = started.keySet().stream().filter(node -> !started.get(node).isAlive()).toList();
            if (!exited.isEmpty()) {
                for (ClusterNode node : exited) {
                    report(node, "exited with code " + started.get(node).exitValue()
                            + (up.contains(node) ? " after answering" : " before answering"));
                }
                abort(started);
                return 1;
            }
            List<ClusterNode> pending = started.keySet().stream().filter(node -> !up.contains(node)).toList();
            probe.status(pending).forEach((node, answer) -> {
                if (answer.up()) {
                    up.add(node);
                }
            });
            if (up.size() != shown) {
                shown = up.size();
                err.println("waiting for nodes: " + shown + "/" + started.size() + " up");
            }
            if (up.size() == started.size()) {
                Map<ClusterNode, Long> pids = new LinkedHashMap<>();
                started.forEach((node, process) -> pids.put(node, process.pid()));
                out.print(ClusterText.started(pids));
                return 0;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                for (ClusterNode node : started.keySet()) {
                    if (!up.contains(node)) {
                        report(node, "did not answer on " + node.url() + "/core/status within "
                                + timeout.toSeconds() + " s");
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
                err.println(PREFIX + "interrupted while waiting for the nodes");
                abort(started);
                return 1;
            }
        }
    }

    /** Why the node failed, then the last lines of its log. */
    private void report(ClusterNode node, String reason) {
        err.println(PREFIX + node.name() + " " + reason + "; last lines of " + node.log() + ":");
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
        err.println(PREFIX + "stopping the " + started.size() + (started.size() == 1 ? " node" : " nodes")
                + " started");
        Map<ClusterNode, ProcessHandle> handles = new LinkedHashMap<>();
        started.forEach((node, process) -> handles.put(node, process.toHandle()));
        stopAll(handles);
    }

    private int status(ClusterArguments arguments) throws ClusterFailure, IOException {
        Path dir = arguments.dir().toAbsolutePath().normalize();
        List<ClusterNode> nodes = ClusterLayout.existing(dir);
        if (nodes.isEmpty()) {
            throw new ClusterFailure("no nodes in " + dir + " (start them with: grapevine-cluster start --dir "
                    + dir + ")");
        }
        Map<ClusterNode, ClusterProbe.Answer> answers = new ClusterProbe().status(nodes);
        List<ClusterStatus> statuses = nodes.stream().map(node -> {
            Long pid = ClusterLayout.readPid(node);
            ClusterProbe.Answer answer = answers.get(node);
            return new ClusterStatus(node, pid, runningPid(node).isPresent(), answer.up() ? answer.body() : null);
        }).toList();
        if (arguments.json()) {
            out.print(ClusterText.json(statuses));
            err.print(ClusterText.summary(statuses));
        } else {
            out.print(ClusterText.table(statuses));
            out.print(ClusterText.summary(statuses));
        }
        return 0;
    }

    private int stop(ClusterArguments arguments) throws IOException {
        Path dir = arguments.dir().toAbsolutePath().normalize();
        Map<ClusterNode, ProcessHandle> running = new LinkedHashMap<>();
        for (ClusterNode node : ClusterLayout.existing(dir)) {
            if (!Files.exists(node.pidFile())) {
                continue;
            }
            Long pid = ClusterLayout.readPid(node);
            Optional<ProcessHandle> process = pid == null ? Optional.empty() : ProcessHandle.of(pid);
            if (process.isPresent() && runsANode.test(process.get())) {
                running.put(node, process.get());
            } else {
                Files.deleteIfExists(node.pidFile());
                err.println(PREFIX + node.name() + " was not running"
                        + (process.isPresent() ? " (pid " + pid + " is another program now)" : "")
                        + "; removed its stale pid file");
            }
        }
        int stopped = stopAll(running);
        out.println("stopped " + stopped + (stopped == 1 ? " node" : " nodes"));
        return stopped == running.size() ? 0 : 1;
    }

    /** Stops the processes together; removes the pid file of each one gone. Returns how many went. */
    private int stopAll(Map<ClusterNode, ProcessHandle> processes) {
        Map<ProcessHandle, ClusterProcesses.Outcome> outcomes = ClusterProcesses.stop(processes.values(), stopGrace);
        int stopped = 0;
        for (Map.Entry<ClusterNode, ProcessHandle> entry : processes.entrySet()) {
            ClusterNode node = entry.getKey();
            ClusterProcesses.Outcome outcome = outcomes.get(entry.getValue());
            if (outcome == ClusterProcesses.Outcome.SURVIVED) {
                err.println(PREFIX + "cannot stop " + node.name() + " (pid " + entry.getValue().pid()
                        + "): it is still running");
                continue;
            }
            if (outcome == ClusterProcesses.Outcome.KILLED) {
                err.println(PREFIX + node.name() + " (pid " + entry.getValue().pid() + ") did not stop within "
                        + stopGrace.toSeconds() + " s of SIGTERM: killed it");
            }
            stopped++;
            try {
                Files.deleteIfExists(node.pidFile());
            } catch (IOException e) {
                err.println(PREFIX + "cannot remove " + node.pidFile() + ": " + describe(e));
            }
        }
        return stopped;
    }

    /** The pid of the node's process, when its pid file names one that still runs a node. */
    private Optional<Long> runningPid(ClusterNode node) {
        Long pid = ClusterLayout.readPid(node);
        return pid == null ? Optional.empty() : ProcessHandle.of(pid).filter(runsANode).map(ProcessHandle::pid);
    }

    /** Whether 127.0.0.1:port can be bound now, as a node would. */
    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One line; a file system error's message is only the path, so its kind goes first. */
    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return kind;
        }
        String line = message.replaceAll("\\s+", " ").strip();
        return e instanceof FileSystemException ? kind + ": " + line : line;
    }
}
