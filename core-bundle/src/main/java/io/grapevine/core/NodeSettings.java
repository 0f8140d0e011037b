package io.grapevine.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Who this node is and where it keeps its data, read once from the framework properties that the
 * launcher sets from its command line and {@code conf/grapevine.properties}.
 *
 * @param nodeId stable id of this node
 * @param address host:port at which peers reach this node
 * @param dataDir folder of the bundle store, history and node files
 * @param rendezvous host:port of the nodes every node starts gossiping with
 */
public record NodeSettings(String nodeId, String address, Path dataDir, List<String> rendezvous) {

    public static final String NODE_ID = "grapevine.node.id";
    public static final String ADDRESS = "grapevine.address";
    public static final String DATA = "grapevine.data";
    public static final String RENDEZVOUS = "grapevine.rendezvous";
    public static final String HTTP_PORT = "org.osgi.service.http.port";

    public NodeSettings {
        rendezvous = List.copyOf(rendezvous);
    }

    /** Reads the settings through {@code property} (a framework property lookup). */
    public static NodeSettings from(Function<String, String> property) {
        String port = orDefault(property.apply(HTTP_PORT), "8080");
        String address = orDefault(property.apply(ADDRESS), "127.0.0.1:" + port);
        String data = orDefault(property.apply(DATA), "data");
        String nodeId = orDefault(property.apply(NODE_ID), address);
        return new NodeSettings(nodeId, address, Path.of(data).toAbsolutePath(),
                parseAddresses(orDefault(property.apply(RENDEZVOUS), "")));
    }

    /** Splits a comma-separated list of host:port, dropping blanks. */
    public static List<String> parseAddresses(String commaSeparated) {
        List<String> addresses = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                addresses.add(part.strip());
            }
        }
        return addresses;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
