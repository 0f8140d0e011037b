package io.grapevine.launcher;

/**
 * What {@code grapevine-cluster status} knows of one node.
 *
 * @param node the node and its port
 * @param pid the pid in its pid file, {@code null} when there is none
 * @param alive whether that pid is still a running node
 * @param json its {@code /core/status} answer, {@code null} when it did not answer 200 (down)
 */
record ClusterStatus(ClusterNode node, Long pid, boolean alive, String json) {
    boolean up() {
        return json != null;
    }
}
