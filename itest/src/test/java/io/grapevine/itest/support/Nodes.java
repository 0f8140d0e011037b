package io.grapevine.itest.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Several real nodes on loopback, the first {@code rendezvous} of them the rendezvous of all. */
public final class Nodes implements AutoCloseable {
    private final List<NodeProcess> nodes = new ArrayList<>();

    public static Nodes start(String name, int count, List<List<String>> javaOptsPerNode) throws IOException {
        return start(name, count, javaOptsPerNode, List.of());
    }

    /** As above, every node started with {@code args} too (options of {@code bin/grapevine}). */
    public static Nodes start(String name, int count, List<List<String>> javaOptsPerNode, List<String> args)
            throws IOException {
        Nodes cluster = new Nodes();
        try {
            NodeProcess first = NodeProcess.start(name + "-0", args, javaOptsPerNode.get(0));
            cluster.nodes.add(first);
            for (int i = 1; i < count; i++) {
                List<String> more = new ArrayList<>(List.of("--rendezvous", first.address()));
                more.addAll(args);
                cluster.nodes.add(NodeProcess.start(name + "-" + i, more,
                        javaOptsPerNode.get(Math.min(i, javaOptsPerNode.size() - 1))));
            }
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public NodeProcess get(int i) {
        return nodes.get(i);
    }

    public List<NodeProcess> all() {
        return nodes;
    }

    /** Waits until every running node runs {@code deployment} with all its modules running. */
    public void awaitAllOn(String deployment, Duration timeout) {
        Await.until("all nodes on " + deployment, timeout, () -> {
            for (NodeProcess node : nodes) {
                if (!node.alive()) {
                    continue;
                }
                JsonObject status = node.status();
                if (!Objects.equals(deployment, text(status.get("deployment")))) {
                    return null;
                }
                for (JsonElement module : status.getAsJsonArray("modules")) {
                    if (!module.getAsJsonObject().get("state").getAsString().equals("running")) {
                        return null;
                    }
                }
            }
            return Boolean.TRUE;
        });
    }

    /** A Prometheus counter of one node (0 when absent). */
    public static long metric(NodeProcess node, String series) throws IOException, InterruptedException {
        String text = Http.get(node.url("/core/metrics")).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Long.parseLong(line.substring(series.length() + 1).strip());
            }
        }
        return 0;
    }

    private static String text(JsonElement element) {
        return element == null || element.isJsonNull() ? null : element.getAsString();
    }

    @Override
    public void close() {
        nodes.forEach(NodeProcess::close);
    }
}
