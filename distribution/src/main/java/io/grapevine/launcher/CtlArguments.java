package io.grapevine.launcher;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code grapevine-ctl}: options anywhere, then one command and its arguments.
 *
 * @param node the node's base URL, without a trailing slash
 * @param json print the node's JSON answer as is
 * @param help print the usage and nothing else
 * @param command one of {@link #COMMANDS}, {@code null} with {@code help}
 * @param arguments the command's arguments
 * @param noWait after a change, do not wait for the cluster to run it
 * @param timeout how long to wait for the cluster to run a change
 * @param key the deployer key file to sign with ({@code --key}), or null
 * @param out the file a proposal or a key is written to ({@code --out}), or null for the default
 * @param add public key files a trust proposal adds ({@code --add}, repeatable)
 * @param revoke key ids a trust proposal revokes ({@code --revoke}, repeatable)
 * @param threshold the threshold a trust proposal sets ({@code --threshold}), or null to keep it
 * @param ignoreDown leave nodes that do not answer out of a rollout's count ({@code --ignore-down})
 */
record CtlArguments(URI node, boolean json, boolean help, String command, List<String> arguments, boolean noWait,
        Duration timeout, Path key, Path out, List<Path> add, List<String> revoke, Integer threshold,
        boolean ignoreDown) {

    static final String DEFAULT_NODE = "http://127.0.0.1:8080";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Each command and how many arguments it takes, at least and at most. */
    static final Map<String, int[]> COMMANDS = Map.ofEntries(Map.entry("status", new int[] {0, 0}),
            Map.entry("history", new int[] {0, 0}), Map.entry("deploy", new int[] {1, 1}),
            Map.entry("undeploy", new int[] {1, 1}), Map.entry("rollback", new int[] {1, 1}),
            Map.entry("keygen", new int[] {0, 0}), Map.entry("propose", new int[] {2, 2}),
            Map.entry("sign", new int[] {1, 1}), Map.entry("trust", new int[] {1, 2}),
            Map.entry("keys", new int[] {1, 2}), Map.entry("forget", new int[] {1, 1}));

    /** The commands that change the node through its admin API, and so need the admin's credential. */
    private static final List<String> ADMIN = List.of("deploy", "undeploy", "rollback", "propose", "keys", "forget");

    static final String USAGE = """
            Usage: grapevine-ctl [--node URL] [--json] [--no-wait] [--timeout S] <command>
            Commands:
              status                 the node, its deployment, its modules and its core
              history                the deployments the node has applied, newest first, and who signed them
              deploy <jar>           deploy a module bundle (makes a new deployment); a core jar
                                     (io.grapevine.core) updates the core: each node restarts on it
              deploy <proposal>      send a proposal file once it carries enough signatures
              undeploy <module>      remove a module by name (makes a new deployment)
              rollback <deployment>  make a new deployment with the modules of an earlier one
              keygen                 make a deployer key: --out FILE (default deployer.key, owner-only)
                                     and FILE.pub; prints the key id
              propose deploy <jar> | propose undeploy <module> | propose rollback <deployment>
                                     write the change, unsigned, to --out FILE (default proposal.json)
              sign <file>            add the signature of --key to a proposal or trust proposal file
              trust show             the trust root the node believes: deployer keys and threshold
              trust propose          write the next trust root to --out FILE (default trust-proposal.json):
                                     --add PUBLIC-KEY-FILE and --revoke KEY-ID (each repeatable),
                                     --threshold K
              trust submit <file>    send a signed trust proposal
              keys list | keys install <key-file> | keys use <id> | keys remove <id>
                                     the cluster keyring that authenticates gossip, on the node and
                                     every node it knows (as Serf's keys): install a new key
                                     everywhere, then use it, then remove the old one
              keys generate          write a new cluster key to --out FILE (default cluster.key)
              forget <host:port>     a node removed on purpose: it leaves the roster, and so the count
            Options:
              --node URL   the node to talk to (default http://127.0.0.1:8080; host:port works too)
              --json       print the node's JSON answer as is, for scripts
              --no-wait    after deploy, undeploy or rollback, do not wait for the cluster
              --ignore-down  leave nodes that do not answer out of the count (and say so) instead
                           of failing
              --timeout S  seconds to wait for every node to run the new deployment (default 60)
              --key FILE   sign deploy, undeploy and rollback here with this deployer key; without
                           it the node signs with its own key, if it holds one
              --help       print this help
            deploy, undeploy, rollback and propose log in as user 'admin' with
            $GRAPEVINE_ADMIN_PASSWORD, else ask for the password on the terminal. Changes then wait
            until every node of the node's roster (every node it has heard of, less those that left)
            runs the new deployment, asking each itself and printing "N/M nodes on <deployment>" as it
            spreads; if some do not within the timeout (a node that is down does not), they exit 1
            naming the nodes behind. The private key never leaves this machine.
            Exit codes: 0 done, 1 failed (reason on stderr), 2 bad command line.
            """;

    static CtlArguments parse(String[] args) throws UsageException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            return new CtlArguments(node(DEFAULT_NODE), false, true, null, List.of(), false, DEFAULT_TIMEOUT, null,
                    null, List.of(), List.of(), null, false);
        }
        String node = DEFAULT_NODE;
        boolean json = false;
        boolean noWait = false;
        boolean ignoreDown = false;
        Duration timeout = DEFAULT_TIMEOUT;
        Path key = null;
        Path out = null;
        List<Path> add = new ArrayList<>();
        List<String> revoke = new ArrayList<>();
        Integer threshold = null;
        List<String> words = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--no-wait")) {
                noWait = true;
            } else if (arg.equals("--ignore-down")) {
                ignoreDown = true;
            } else if (VALUED.contains(name)) {
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("option " + name + " needs a value");
                }
                switch (name) {
                    case "--timeout" -> timeout = seconds(value);
                    case "--node" -> node = value;
                    case "--key" -> key = Path.of(value);
                    case "--out" -> out = Path.of(value);
                    case "--add" -> add.add(Path.of(value));
                    case "--revoke" -> revoke.add(value);
                    default -> threshold = threshold(value);
                }
            } else {
                throw new UsageException("unknown option '" + arg + "' (see --help)");
            }
        }
        if (words.isEmpty()) {
            throw new UsageException("no command given (see --help)");
        }
        String command = words.get(0);
        int[] arity = COMMANDS.get(command);
        if (arity == null) {
            throw new UsageException("unknown command '" + command + "' (see --help)");
        }
        List<String> arguments = words.subList(1, words.size());
        if (arguments.size() < arity[0]) {
            throw new UsageException(command + " needs an argument: " + usageLine(command));
        }
        if (arguments.size() > arity[1]) {
            throw new UsageException("too many arguments for " + command + ": " + usageLine(command));
        }
        if (command.equals("propose") && !List.of("deploy", "undeploy", "rollback").contains(arguments.get(0))) {
            throw new UsageException("propose what? " + usageLine(command));
        }
        if (command.equals("trust") && !(List.of("show", "propose").contains(arguments.get(0)) && arguments.size() == 1
                || arguments.get(0).equals("submit") && arguments.size() == 2)) {
            throw new UsageException("trust show, trust propose or trust submit <file> (see --help)");
        }
        if (command.equals("keys") && !(List.of("list", "generate").contains(arguments.get(0)) && arguments.size() == 1
                || List.of("install", "use", "remove").contains(arguments.get(0)) && arguments.size() == 2)) {
            throw new UsageException("keys list, keys generate, keys install <key-file>, keys use <id> or keys remove"
                    + " <id> (see --help)");
        }
        if (command.equals("sign") && key == null) {
            throw new UsageException("sign needs --key FILE, the deployer key to sign with");
        }
        return new CtlArguments(node(node), json, false, command, List.copyOf(arguments), noWait, timeout, key, out,
                List.copyOf(add), List.copyOf(revoke), threshold, ignoreDown);
    }

    private static final List<String> VALUED = List.of("--timeout", "--node", "--key", "--out", "--add", "--revoke",
            "--threshold");

    /** The command's first argument, or null. */
    String argument() {
        return arguments.isEmpty() ? null : arguments.get(0);
    }

    /** Whether the command changes the node through its admin API, and so needs the admin's credential. */
    boolean changesTheNode() {
        return command != null && ADMIN.contains(command) && !(command.equals("deploy") && Signing.isProposal(argument()));
    }

    private static String usageLine(String command) {
        return USAGE.lines().filter(line -> line.strip().startsWith(command + " "))
                .map(line -> "grapevine-ctl " + line.strip().replaceAll("\\s{2,}.*", ""))
                .findFirst().orElse(command);
    }

    private static int threshold(String value) throws UsageException {
        try {
            int k = Integer.parseInt(value.strip());
            if (k > 0) {
                return k;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad --threshold '" + value + "': expected a positive number of keys");
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
