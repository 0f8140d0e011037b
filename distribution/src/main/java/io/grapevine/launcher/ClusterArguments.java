package io.grapevine.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@code grapevine-cluster}: one command, its options anywhere, for
 * {@code start} the number of nodes and for {@code restart} the node.
 *
 * @param command {@code start}, {@code restart}, {@code status} or {@code stop}; {@code null} with
 *     {@code help}
 * @param nodes how many nodes {@code start} starts
 * @param node the index of the node {@code restart} restarts, -1 for the other commands
 * @param rendezvous how many of them (the first ones) are the rendezvous of all
 * @param basePort the port of node 0; node i listens on basePort + i
 * @param dir the cluster folder, one {@code node-<i>} folder per node
 * @param timeout how long {@code start} and {@code restart} wait for every node to answer
 * @param javaOpts JVM options added to the nodes' {@code JAVA_OPTS}, empty for none
 * @param json {@code status} prints JSON for scripts
 * @param help print the usage and nothing else
 */
record ClusterArguments(String command, int nodes, int node, int rendezvous, int basePort, Path dir,
        Duration timeout, String javaOpts, boolean json, boolean help) {

    static final int DEFAULT_NODES = 5;
    static final int MAX_NODES = 100;
    static final int DEFAULT_RENDEZVOUS = 1;
    static final int DEFAULT_BASE_PORT = 8080;
    static final String DEFAULT_DIR = "cluster";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    static final String USAGE = """
            Usage: grapevine-cluster <command> [options]
            Commands:
              start [N]     start those of node-0 .. node-<N-1> (default 5, at most 100) that are not
                            running, as background processes, and wait until each answers; running
                            nodes are left alone, so this also brings back a node that died
              restart NODE  stop NODE (node-<i>) as stop does, start it again as its last start did
                            and wait until it answers
              status        one line per node: port, pid, deployment, modules (or down)
              stop          stop every node of the cluster folder (SIGTERM, SIGKILL after 30 s)
            Options:
              --dir D            the cluster folder (default ./cluster): node-<i>/ holds node i's
                                 data/, node.log and pid                        (all commands)
              --base-port P      node i listens on 127.0.0.1:P+i (default 8080)               (start)
              --rendezvous K     the first K nodes are the rendezvous of all (default 1)       (start)
              --timeout S        seconds to wait for the nodes to answer (default 120)  (start, restart)
              --java-opts OPTS   JVM options for the nodes, added to $JAVA_OPTS                (start)
              --json             print the nodes' status as a JSON array                       (status)
              --help             print this help
            Node i is named node-<i> and has node id node.<i>. The nodes inherit the environment:
            GRAPEVINE_ADMIN_PASSWORD sets the admin password of all of them, JAVA_OPTS their JVM
            options (for example -Dgrapevine.history.limit=20).
            Exit codes: 0 done, 1 failed (reason on stderr), 2 bad command line or refused (a port
            taken by another process, running nodes on other ports than --base-port gives).
            """;

    /** The options each command takes, without their dashes; every one but json takes a value. */
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "start", Set.of("dir", "base-port", "rendezvous", "timeout", "java-opts"),
            "restart", Set.of("dir", "timeout"),
            "status", Set.of("dir", "json"),
            "stop", Set.of("dir"));
    private static final Set<String> FLAGS = Set.of("json");
    private static final Pattern NODE = Pattern.compile("(?:node-)?(0|[1-9][0-9]{0,8})");

    static ClusterArguments parse(String[] args) throws UsageException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            return new ClusterArguments(null, DEFAULT_NODES, -1, DEFAULT_RENDEZVOUS, DEFAULT_BASE_PORT,
                    Path.of(DEFAULT_DIR), DEFAULT_TIMEOUT, "", false, true);
        }
        List<String> words = new ArrayList<>();
        List<String[]> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                words.add(arg);
                continue;
            }
            String name = arg.contains("=") ? arg.substring(2, arg.indexOf('=')) : arg.substring(2);
            if (OPTIONS.values().stream().noneMatch(names -> names.contains(name))) {
                throw new UsageException("unknown option '" + arg + "' (see --help)");
            }
            String value;
            if (FLAGS.contains(name)) {
                if (arg.contains("=")) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                value = "true";
            } else if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("option " + arg + " needs a value");
            }
            options.add(new String[] {name, value});
        }
        if (words.isEmpty()) {
            throw new UsageException("no command given (see --help)");
        }
        String command = words.get(0);
        Set<String> allowed = OPTIONS.get(command);
        if (allowed == null) {
            throw new UsageException("unknown command '" + command + "' (see --help)");
        }
        int maxWords = command.equals("start") || command.equals("restart") ? 2 : 1;
        if (words.size() > maxWords) {
            throw new UsageException("too many arguments for " + command + ": '" + words.get(maxWords) + "'");
        }
        if (command.equals("restart") && words.size() < 2) {
            throw new UsageException("restart needs the node to restart, e.g. grapevine-cluster restart node-0");
        }

        boolean start = command.equals("start");
        int nodes = start && words.size() == 2 ? number("number of nodes", words.get(1), 1, MAX_NODES) : DEFAULT_NODES;
        int node = command.equals("restart") ? node(words.get(1)) : -1;
        int rendezvous = DEFAULT_RENDEZVOUS;
        int basePort = DEFAULT_BASE_PORT;
        Path dir = Path.of(DEFAULT_DIR);
        Duration timeout = DEFAULT_TIMEOUT;
        String javaOpts = "";
        boolean json = false;
        for (String[] option : options) {
            String name = option[0];
            String value = option[1];
            if (!allowed.contains(name)) {
                throw new UsageException("option --" + name + " does not apply to " + command + " (see --help)");
            }
            switch (name) {
                case "dir" -> dir = dir(value);
                case "base-port" -> basePort = number("base port", value, 1, 65535);
                case "rendezvous" -> rendezvous = number("number of rendezvous nodes", value, 1, MAX_NODES);
                case "timeout" -> timeout = Duration.ofSeconds(number("timeout", value, 1, 86_400));
                case "java-opts" -> javaOpts = value.strip();
                case "json" -> json = true;
                default -> throw new IllegalStateException("option without a meaning: " + name);
            }
        }
        if (rendezvous > nodes) {
            throw new UsageException("--rendezvous " + rendezvous + " is more than the " + nodes + " nodes started");
        }
        if ((long) basePort + nodes - 1 > 65535) {
            throw new UsageException("--base-port " + basePort + " leaves no room for " + nodes
                    + " nodes: the last port would be " + (basePort + nodes - 1) + ", above 65535");
        }
        return new ClusterArguments(command, nodes, node, rendezvous, basePort, dir, timeout, javaOpts, json, false);
    }

    /** {@code node-<i>} as status shows it, or just {@code i}. */
    private static int node(String value) throws UsageException {
        Matcher name = NODE.matcher(value.strip());
        if (!name.matches()) {
            throw new UsageException("bad node '" + value + "': expected node-<i> as status shows it, e.g. node-0");
        }
        return Integer.parseInt(name.group(1));
    }

    private static int number(String what, String value, int min, int max) throws UsageException {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad " + what + " '" + value + "': expected a number from " + min + " to " + max);
    }

    private static Path dir(String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException("option --dir needs a folder");
        }
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("bad folder '" + value + "': " + e.getReason());
        }
    }
}
