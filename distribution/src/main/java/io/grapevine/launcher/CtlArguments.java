package io.grapevine.launcher;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code grapevine-ctl}: options anywhere, then one command and its argument.
 *
 * @param node the node's base URL, without a trailing slash
 * @param json print the node's JSON answer as is
 * @param help print the usage and nothing else
 * @param command one of {@link #COMMANDS}, {@code null} with {@code help}
 * @param argument the command's argument, {@code null} for commands that take none
 * @param noWait after a change, do not wait for the cluster to run it
 * @param timeout how long to wait for the cluster to run a change
 */
record CtlArguments(URI node, boolean json, boolean help, String command, String argument, boolean noWait,
        Duration timeout) {

    static final String DEFAULT_NODE = "http://127.0.0.1:8080";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Each command and whether it takes one argument. */
    static final Map<String, Boolean> COMMANDS = Map.of("status", false, "history", false, "deploy", true,
            "undeploy", true, "rollback", true);

    static final String USAGE = """
            Usage: grapevine-ctl [--node URL] [--json] [--no-wait] [--timeout S] <command>
            Commands:
              status                 the node, its deployment and its modules
              history                the deployments the node has applied, newest first
              deploy <jar>           deploy a module bundle (makes a new deployment)
              undeploy <module>      remove a module by name (makes a new deployment)
              rollback <deployment>  make a new deployment with the modules of an earlier one
            Options:
              --node URL   the node to talk to (default http://127.0.0.1:8080; host:port works too)
              --json       print the node's JSON answer as is, for scripts
              --no-wait    after deploy, undeploy or rollback, do not wait for the cluster
              --timeout S  seconds to wait for every node to run the new deployment (default 60)
              --help       print this help
            deploy, undeploy and rollback log in as user 'admin' with $GRAPEVINE_ADMIN_PASSWORD,
            else ask for the password on the terminal. Then they wait until every node the node
            knows runs the new deployment, printing "N/M nodes on <deployment>" as it spreads;
            if some do not within the timeout, they exit 1 naming the nodes behind.
            Exit codes: 0 done, 1 failed (reason on stderr), 2 bad command line.
            """;

    static CtlArguments parse(String[] args) throws UsageException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            return new CtlArguments(node(DEFAULT_NODE), false, true, null, null, false, DEFAULT_TIMEOUT);
        }
        String node = DEFAULT_NODE;
        boolean json = false;
        boolean noWait = false;
        Duration timeout = DEFAULT_TIMEOUT;
        List<String> words = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--no-wait")) {
                noWait = true;
            } else if (arg.equals("--timeout")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option --timeout needs a number of seconds");
                }
                timeout = seconds(args[++i]);
            } else if (arg.startsWith("--timeout=")) {
                timeout = seconds(arg.substring("--timeout=".length()));
            } else if (arg.equals("--node")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option --node needs a URL");
                }
                node = args[++i];
            } else if (arg.startsWith("--node=")) {
                node = arg.substring("--node=".length());
            } else {
                throw new UsageException("unknown option '" + arg + "' (see --help)");
            }
        }
        if (words.isEmpty()) {
            throw new UsageException("no command given (see --help)");
        }
        String command = words.get(0);
        Boolean takesArgument = COMMANDS.get(command);
        if (takesArgument == null) {
            throw new UsageException("unknown command '" + command + "' (see --help)");
        }
        int expected = takesArgument ? 2 : 1;
        if (words.size() < expected) {
            throw new UsageException(command + " needs an argument: " + usageLine(command));
        }
        if (words.size() > expected) {
            throw new UsageException("too many arguments for " + command + ": " + usageLine(command));
        }
        return new CtlArguments(node(node), json, false, command, takesArgument ? words.get(1) : null, noWait,
                timeout);
    }

    /** Whether the command changes the node, and so needs the admin's credential. */
    boolean changesTheNode() {
        return command != null && COMMANDS.get(command);
    }

    private static String usageLine(String command) {
        return USAGE.lines().filter(line -> line.strip().startsWith(command + " "))
                .map(line -> "grapevine-ctl " + line.strip().replaceAll("\\s{2,}.*", ""))
                .findFirst().orElse(command);
    }

    private static Duration seconds(String value) throws UsageException {
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad --timeout '" + value + "': expected a positive number of seconds");
    }

    /** An http(s) URL with a host; a bare {@code host:port} means http. */
    static URI node(String value) throws UsageException {
        String text = value.strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            URI uri = new URI(text);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UsageException("bad node URL '" + value + "': expected http://host:port");
    }
}
