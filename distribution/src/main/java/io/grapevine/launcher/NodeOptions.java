package io.grapevine.launcher;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The node's settings: the command line over {@code GRAPEVINE_ADMIN_PASSWORD} (for the password
 * only) over {@code conf/grapevine.properties} over the defaults. Keys in the file are the option
 * names without dashes ({@code port}, {@code data}, ..., {@code admin.password}).
 */
record NodeOptions(int port, String host, String bind, Path data, String nodeId, String rendezvous,
        String adminPassword, Path trust, Path deployerKey, Path clusterKey, long coreProbationMs, boolean shell,
        boolean help) {

    static final String USAGE = """
            Usage: grapevine [options]
              --port N                 HTTP port (default 8080)
              --host NAME              host name peers use to reach this node (default 127.0.0.1)
              --bind ADDRESS           address the HTTP server listens on (default: --host's, which must then
                                       be an address of this machine; 0.0.0.0 listens on all of them)
              --data DIR               data folder: bundle store, history, node id (default ./data)
              --node-id ID             this node's id (default: generated once, kept in the data folder)
              --rendezvous H:P,...     nodes to start gossiping with (default: none)
              --admin-password SECRET  Web Console and admin API password for user 'admin'
                                       (default: $GRAPEVINE_ADMIN_PASSWORD, then admin.password in
                                       conf/grapevine.properties, then generated and kept in the data folder)
              --trust FILE             the cluster's trust root: who may deploy (default: the one in the data
                                       folder; the first start makes one of a new deployer key)
              --deployer-key FILE      deployer key this node signs console and admin API changes with
                                       (default: data/deployer.key if there is one)
              --cluster-key FILE       the cluster key that authenticates gossip, taken on the first start
                                       (default: generated; later the keyring in the data folder counts)
              --core-probation-ms N    how long a new core has to answer and gossip before it is reverted
                                       (default 60000)
              --shell                  interactive Gogo shell in this terminal (default: headless)
              --help                   print this help
            The same settings may go in conf/grapevine.properties, each option's name with dots
            for dashes (port, host, bind, data, node.id, rendezvous, admin.password, trust, deployer.key,
            cluster.key, core.probation.ms, shell); an unknown key there is refused.
            """;

    private static final List<String> VALUED = List.of("port", "host", "bind", "data", "node-id", "rendezvous",
            "admin-password", "trust", "deployer-key", "cluster-key", "core-probation-ms");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:]{1,64}");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}");

    /** The keys of {@code conf/grapevine.properties}: each option's name with dots for dashes. */
    static final List<String> FILE_KEYS = List.of("port", "host", "bind", "data", "node.id", "rendezvous", "admin.password",
            "trust", "deployer.key", "cluster.key", "core.probation.ms", "shell");

    static NodeOptions parse(String[] args, Properties file, Map<String, String> env) throws UsageException {
        Properties merged = new Properties();
        for (String key : file.stringPropertyNames()) {
            String normal = key.replace('-', '.');
            if (!FILE_KEYS.contains(normal)) {
                throw new UsageException("unknown key '" + key + "' in conf/grapevine.properties; the keys are "
                        + String.join(", ", FILE_KEYS));
            }
            merged.setProperty(normal, file.getProperty(key));
        }
        boolean shell = Boolean.parseBoolean(merged.getProperty("shell", "false"));
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--shell")) {
                shell = true;
            } else if (arg.startsWith("--") && VALUED.contains(optionName(arg))) {
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("option " + arg + " needs a value");
                }
                merged.setProperty(optionName(arg).replace('-', '.'), value);
            } else {
                throw new UsageException("unknown option '" + arg + "' (see --help)");
            }
        }
        String password = merged.getProperty("admin.password");
        boolean passwordOnCommandLine = List.of(args).stream().anyMatch(a -> a.startsWith("--admin-password"));
        if (!passwordOnCommandLine && env.get("GRAPEVINE_ADMIN_PASSWORD") != null
                && !env.get("GRAPEVINE_ADMIN_PASSWORD").isEmpty()) {
            password = env.get("GRAPEVINE_ADMIN_PASSWORD");
        }
        String host = host(merged.getProperty("host", "127.0.0.1"));
        return new NodeOptions(port(merged.getProperty("port", "8080")), host,
                help ? null : bind(merged.getProperty("bind"), host), Path.of(merged.getProperty("data", "data")),
                nodeId(merged.getProperty("node.id")),
                rendezvous(merged.getProperty("rendezvous", "")),
                password == null || password.isEmpty() ? null : password,
                file(merged.getProperty("trust")), file(merged.getProperty("deployer.key")),
                file(merged.getProperty("cluster.key")), probation(merged.getProperty("core.probation.ms", "60000")),
                shell, help);
    }

    static Properties load(Path file) throws UsageException {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("cannot read " + file + ": " + e.getMessage());
            }
        }
        return properties;
    }

    private static Path file(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.strip()).toAbsolutePath();
    }

    String address() {
        return host + ":" + port;
    }

    private static String optionName(String arg) {
        String name = arg.substring(2);
        return name.contains("=") ? name.substring(0, name.indexOf('=')) : name;
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad port '" + value + "': expected a number from 1 to 65535");
    }

    private static long probation(String value) throws UsageException {
        try {
            long ms = Long.parseLong(value.strip());
            if (ms >= 1000) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad --core-probation-ms '" + value + "': expected at least 1000 (ms)");
    }

    private static String host(String value) throws UsageException {
        if (!HOST_PORT.matcher(value.strip() + ":1").matches()) {
            throw new UsageException("bad host '" + value + "'");
        }
        return value.strip();
    }

    /**
     * The address to listen on: {@code value}, else the one {@code host} names; either must be
     * this machine's (or the wildcard {@code 0.0.0.0} / {@code ::}), so that the node never listens
     * on all interfaces unless told to. As an IP literal, so Jetty binds what was checked.
     */
    private static String bind(String value, String host) throws UsageException {
        String name = (value == null ? host : value.strip()).replaceAll("^\\[(.*)\\]$", "$1");
        try {
            InetAddress address = InetAddress.getByName(name);
            if (address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null) {
                return address.getHostAddress();
            }
        } catch (IOException e) {
            // reported below
        }
        throw new UsageException(value != null ? "bad --bind '" + value.strip() + "': not an address of this machine"
                : "--host " + host + " is not an address of this machine: give --bind ADDRESS (0.0.0.0 for all)");
    }

    private static String nodeId(String value) throws UsageException {
        if (value != null && !NODE_ID.matcher(value.strip()).matches()) {
            throw new UsageException("bad node id '" + value
                    + "': use 1 to 64 letters, digits, '.', '_' or ':'");
        }
        return value == null ? null : value.strip();
    }

    private static String rendezvous(String value) throws UsageException {
        StringBuilder clean = new StringBuilder();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            if (!HOST_PORT.matcher(part.strip()).matches()) {
                throw new UsageException("bad rendezvous address '" + part.strip() + "': expected host:port");
            }
            clean.append(clean.length() == 0 ? "" : ",").append(part.strip());
        }
        return clean.toString();
    }
}
