package io.grapevine.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Where the nodes of a local cluster live and listen: node i (from 0) is {@code node-<i>}, node
 * id {@code node.<i>}, port {@code basePort + i}, folder {@code <dir>/node-<i>}; the first
 * {@code rendezvous} nodes are the rendezvous of every node. Also reads and writes the small
 * files ({@code pid}, {@code node.properties}) by which {@code status}, {@code stop} and
 * {@code restart} find the nodes of a folder again, and how each was started.
 *
 * @param dir the cluster folder, absolute
 */
record ClusterLayout(Path dir, int basePort, int nodes, int rendezvous) {

    private static final Pattern NODE_FOLDER = Pattern.compile("node-(0|[1-9][0-9]{0,8})");

    ClusterLayout {
        dir = dir.toAbsolutePath().normalize();
    }

    static ClusterLayout of(ClusterArguments arguments) {
        return new ClusterLayout(arguments.dir(), arguments.basePort(), arguments.nodes(), arguments.rendezvous());
    }

    List<ClusterNode> all() {
        return IntStream.range(0, nodes).mapToObj(this::node).toList();
    }

    ClusterNode node(int index) {
        return new ClusterNode(index, basePort + index, dir.resolve("node-" + index));
    }

    /** {@code 127.0.0.1:P,127.0.0.1:P+1,...} for the first {@code rendezvous} nodes. */
    String rendezvousList() {
        return String.join(",", all().subList(0, rendezvous).stream().map(ClusterNode::address).toList());
    }

    /** How {@code <home>/bin/grapevine} is started for the node. */
    List<String> command(Path home, ClusterNode node) {
        return command(home, node, rendezvousList());
    }

    /** How {@code <home>/bin/grapevine} is started for the node with these rendezvous. */
    static List<String> command(Path home, ClusterNode node, String rendezvous) {
        Path dir = node.folder().getParent();
        return List.of(home.resolve("bin").resolve("grapevine").toString(),
                "--port", Integer.toString(node.port()),
                "--data", node.data().toString(),
                "--node-id", node.nodeId(),
                "--rendezvous", rendezvous,
                "--trust", ClusterTrust.trustFile(dir).toString(),
                "--deployer-key", ClusterTrust.keyFile(dir).toString(),
                "--cluster-key", ClusterTrust.clusterKeyFile(dir).toString());
    }

    /**
     * What a node's last start gave it besides its port, as {@code node.properties} keeps it.
     *
     * @param rendezvous its {@code --rendezvous} list
     * @param javaOpts the {@code --java-opts} of that start, empty for none
     */
    record Settings(String rendezvous, String javaOpts) {
    }

    /**
     * The node folders {@code node-<i>} in {@code dir}, by index, each with the port its
     * {@code node.properties} gives (0 when it gives none); none when the folder does not exist.
     */
    static List<ClusterNode> existing(Path dir) throws IOException {
        Path folder = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<ClusterNode> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                Matcher name = NODE_FOLDER.matcher(entry.getFileName().toString());
                if (name.matches() && Files.isDirectory(entry)) {
                    found.add(new ClusterNode(Integer.parseInt(name.group(1)), port(entry), entry));
                }
            }
        }
        found.sort(Comparator.comparingInt(ClusterNode::index));
        return found;
    }

    static void writeProperties(ClusterNode node, Settings settings) throws IOException {
        AtomicFiles.writeString(node.properties(), "# " + node.name() + " of a local cluster, written by"
                + " 'grapevine-cluster start'; status, stop and restart read it.\n"
                + "port=" + node.port() + "\n"
                + "node.id=" + node.nodeId() + "\n"
                + "rendezvous=" + escape(settings.rendezvous()) + "\n"
                + "java.opts=" + escape(settings.javaOpts()) + "\n", false);
    }

    /** The settings of the node's last start; {@code null} when its node.properties holds none. */
    static Settings readSettings(ClusterNode node) {
        Properties properties = load(node.folder());
        String rendezvous = properties.getProperty("rendezvous");
        return rendezvous == null ? null : new Settings(rendezvous.strip(),
                properties.getProperty("java.opts", "").strip());
    }

    static void writePid(ClusterNode node, long pid) throws IOException {
        AtomicFiles.writeString(node.pidFile(), pid + "\n", false);
    }

    /** The pid in the node's pid file; {@code null} when there is no pid file or no number in it. */
    static Long readPid(ClusterNode node) {
        try {
            return Long.parseLong(Files.readString(node.pidFile(), StandardCharsets.UTF_8).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static int port(Path nodeFolder) {
        try {
            int port = Integer.parseInt(load(nodeFolder).getProperty("port", "0").strip());
            return port >= 1 && port <= 65535 ? port : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The folder's node.properties; empty when there is none or it cannot be read. */
    private static Properties load(Path nodeFolder) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(nodeFolder.resolve("node.properties"))) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            properties.clear();
        }
        return properties;
    }

    /** A value without leading blanks, as {@link Properties#load} reads it back. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
