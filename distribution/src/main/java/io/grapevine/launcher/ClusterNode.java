package io.grapevine.launcher;

import java.nio.file.Path;

/**
 * One node of a local cluster and its files: {@code <dir>/node-<i>/} holds {@code data/} (the
 * node's data folder), {@code node.log} (its stdout and stderr, appended), {@code pid} and
 * {@code node.properties} (its port, so that {@code status} and {@code stop} need no options).
 *
 * @param index i, from 0
 * @param port its HTTP port on 127.0.0.1; 0 when unknown (a folder without node.properties)
 * @param folder {@code <dir>/node-<i>}, absolute
 */
record ClusterNode(int index, int port, Path folder) {
    static final String HOST = "127.0.0.1";

    String name() {
        return "node-" + index;
    }

    String nodeId() {
        return "node." + index;
    }

    String address() {
        return HOST + ":" + port;
    }

    String url() {
        return "http://" + address();
    }

    Path data() {
        return folder.resolve("data");
    }

    Path log() {
        return folder.resolve("node.log");
    }

    Path pidFile() {
        return folder.resolve("pid");
    }

    Path properties() {
        return folder.resolve("node.properties");
    }
}
