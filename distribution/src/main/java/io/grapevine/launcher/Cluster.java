package io.grapevine.launcher;

import java.io.IOException;
import java.io.PrintStream;
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
import java.util.function.Predicate;

/**
 * {@code grapevine-cluster}: starts N local nodes on loopback as background processes (those not
 * running yet), restarts one, shows their status, stops them. The cluster is a folder
 * ({@code --dir}); {@code node-<i>/} in it holds node i's data, log, pid and how it was started,
 * so that the other commands find the nodes again from the folder alone. Exit code 0 when done, 1
 * when the command failed, 2 for a bad command line or a refused start (a port taken by another
 * process, running nodes on other ports than the command line gives).
 *
 * <p>Everything from outside the process (the Grapevine folder, environment, output streams,
 * how a node process is recognised) comes in through the constructor, so that tests run the
 * whole tool in their own JVM.
 */
public final class Cluster {
    static final String PREFIX = "grapevine-cluster: ";
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

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
                case "restart" -> restart(arguments);
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

    /**
     * Starts the nodes of the layout that are not running and leaves the running ones alone. Refused
     * (exit 2) when a running node of the folder is not where this layout puts it, or a port of a
     * node to start is taken.
     */
    private int start(ClusterArguments arguments) throws UsageException, ClusterFailure, IOException {
        ClusterLayout layout = ClusterLayout.of(arguments);
        List<ClusterNode> existing = ClusterLayout.existing(layout.dir());
        Map<ClusterNode, Long> running = new LinkedHashMap<>();
        for (ClusterNode node : existing) {
            runningPid(node).ifPresent(pid -> running.put(node, pid));
        }
        List<String> elsewhere = running.keySet().stream().filter(node -> node.port() != layout.node(node.index()).port())
                .map(node -> node.name() + " (pid " + running.get(node) + ") on " + (node.port() == 0 ? "an unknown port"
                        : "port " + node.port() + ", as --base-port " + (node.port() - node.index()) + " gives")).toList();
        if (!elsewhere.isEmpty()) {
            throw new UsageException(layout.dir() + " has running nodes on other ports than --base-port "
                    + layout.basePort() + " gives: " + String.join(", ", elsewhere)
                    + "; give their --base-port, or stop them first with: grapevine-cluster stop --dir " + layout.dir());
        }
        Set<Integer> up = new HashSet<>();
        running.keySet().forEach(node -> up.add(node.index()));
        List<ClusterNode> missing = layout.all().stream().filter(node -> !up.contains(node.index())).toList();
        List<String> taken = missing.stream().filter(node -> !HttpPort.free(node.port()))
                .map(node -> node.port() + " (" + node.name() + ")").toList();
        if (!taken.isEmpty()) {
            throw new UsageException((taken.size() == 1 ? "port " : "ports ") + String.join(", ", taken)
                    + (taken.size() == 1 ? " is" : " are") + " taken by another process; free "
                    + (taken.size() == 1 ? "it" : "them") + " or choose another --base-port");
        }
        requireLauncher();
        notes(layout, existing, running);
        String made = ClusterTrust.ensure(layout.dir());

        Map<ClusterNode, ClusterLayout.Settings> toStart = new LinkedHashMap<>();
        missing.forEach(node -> toStart.put(node, new ClusterLayout.Settings(layout.rendezvousList(),
                arguments.javaOpts())));
        Map<ClusterNode, Long> alreadyRunning = new LinkedHashMap<>();
        running.forEach((node, pid) -> {
            if (node.index() < layout.nodes()) {
                alreadyRunning.put(node, pid);
            }
        });
        int code = runner().start(toStart, env, alreadyRunning, arguments.timeout());
        if (made != null && code == 0) {
            err.println(PREFIX + made);
        }
        return code;
    }

    /**
     * Stops the node as {@code stop} does and starts it again on its port, with the rendezvous and
     * JVM options of its last start; a node that is not running is just started.
     */
    private int restart(ClusterArguments arguments) throws UsageException, ClusterFailure, IOException {
        Path dir = arguments.dir().toAbsolutePath().normalize();
        List<ClusterNode> nodes = ClusterLayout.existing(dir);
        ClusterNode node = nodes.stream().filter(n -> n.index() == arguments.node()).findFirst()
                .orElseThrow(() -> new UsageException("no node-" + arguments.node() + " in " + dir + (nodes.isEmpty()
                        ? "" : " (it has " + String.join(", ", nodes.stream().map(ClusterNode::name).toList()) + ")")));
        ClusterLayout.Settings settings = ClusterLayout.readSettings(node);
        if (node.port() == 0 || settings == null) {
            throw new ClusterFailure(node.properties() + " does not say how " + node.name() + " was started; start it"
                    + " with: grapevine-cluster start --dir " + dir);
        }
        requireLauncher();
        passwordNote();
        ClusterTrust.ensure(dir);
        Optional<ProcessHandle> process = runningPid(node).flatMap(ProcessHandle::of);
        if (process.isPresent()) {
            err.println(PREFIX + "stopping " + node.name() + " (pid " + process.get().pid() + ")");
            if (runner().stop(Map.of(node, process.get())) == 0) {
                return 1;
            }
        } else {
            err.println(PREFIX + "note: " + node.name() + " was not running; starting it");
        }
        if (!HttpPort.free(node.port())) {
            throw new UsageException("port " + node.port() + " (" + node.name() + ") is taken by another process;"
                    + " free it and restart " + node.name() + " again");
        }
        return runner().start(Map.of(node, settings), env, Map.of(), arguments.timeout());
    }

    private void requireLauncher() throws ClusterFailure {
        Path launcher = home.resolve("bin").resolve("grapevine");
        if (!Files.isRegularFile(launcher)) {
            throw new ClusterFailure("no node launcher at " + launcher
                    + " (grapevine.home must be the Grapevine folder)");
        }
    }

    private ClusterRunner runner() {
        return new ClusterRunner(home, out, err, stopGrace);
    }

    /** Said before starting: things the operator may not expect, none of them an error. */
    private void notes(ClusterLayout layout, List<ClusterNode> existing, Map<ClusterNode, Long> running)
            throws UsageException {
        passwordNote();
        List<String> stopped = existing.stream().filter(node -> node.index() >= layout.nodes()
                && !running.containsKey(node)).map(ClusterNode::name).toList();
        if (!stopped.isEmpty()) {
            boolean one = stopped.size() == 1;
            err.println(PREFIX + "note: " + layout.dir() + " also holds " + String.join(", ", stopped)
                    + " from an earlier start; " + (one ? "it stays" : "they stay") + " stopped (status shows "
                    + (one ? "it" : "them") + " down until " + (one ? "its folder is" : "their folders are")
                    + " removed)");
        }
        List<String> beyond = running.keySet().stream().filter(node -> node.index() >= layout.nodes())
                .map(ClusterNode::name).toList();
        if (!beyond.isEmpty()) {
            err.println(PREFIX + "note: " + String.join(", ", beyond) + (beyond.size() == 1 ? " runs" : " run")
                    + " too, beyond the " + layout.nodes() + " asked for; left alone");
        }
    }

    private void passwordNote() throws UsageException {
        String password = env.get(Ctl.PASSWORD_VARIABLE);
        if ((password == null || password.isEmpty()) && NodeOptions.load(home.resolve("conf/grapevine.properties"))
                .getProperty("admin.password", "").isEmpty()) {
            err.println(PREFIX + "note: " + Ctl.PASSWORD_VARIABLE + " is not set, so every node generates its"
                    + " own admin password (printed once in its node.log)");
        }
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
            return new ClusterStatus(node, pid, runningPid(node).isPresent(), answer.isFrom(node) ? answer.body() : null);
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
        int stopped = runner().stop(running);
        out.println("stopped " + stopped + (stopped == 1 ? " node" : " nodes"));
        return stopped == running.size() ? 0 : 1;
    }

    /** The pid of the node's process, when its pid file names one that still runs a node. */
    private Optional<Long> runningPid(ClusterNode node) {
        Long pid = ClusterLayout.readPid(node);
        return pid == null ? Optional.empty() : ProcessHandle.of(pid).filter(runsANode).map(ProcessHandle::pid);
    }

    /** One line; a file system error's message is only the path, so its kind goes first. */
    static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return kind;
        }
        String line = message.replaceAll("\\s+", " ").strip();
        return e instanceof FileSystemException ? kind + ": " + line : line;
    }
}
