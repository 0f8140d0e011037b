package io.grapevine.launcher;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code grapevine-cluster} prints: the nodes started, and the status of a cluster as a
 * table, a summary line or JSON. Missing or odd fields of a node's answer print as {@code -}.
 */
final class ClusterText {
    private ClusterText() {
    }

    /**
     * One line per node: {@code node-0  http://127.0.0.1:8080  pid 1234}, and
     * {@code (already running)} after those that {@code start} left alone.
     */
    static String started(Map<ClusterNode, Long> pids, Set<ClusterNode> alreadyRunning) {
        List<String[]> rows = new ArrayList<>();
        pids.forEach((node, pid) -> rows.add(alreadyRunning.contains(node)
                ? new String[] {node.name(), node.url(), "pid " + pid, "(already running)"}
                : new String[] {node.name(), node.url(), "pid " + pid}));
        return CtlText.table(rows, "");
    }

    static String table(List<ClusterStatus> nodes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "PORT", "PID", "STATE", "DEPLOYMENT", "MODULES"});
        for (ClusterStatus status : nodes) {
            JsonObject answer = answer(status);
            rows.add(new String[] {status.node().name(), status.node().port() == 0 ? "-" : Integer.toString(
                    status.node().port()), pid(status), status.up() ? "up" : "down",
                deployment(answer) == null ? "-" : deployment(answer), modules(answer)});
        }
        return CtlText.table(rows, "");
    }

    /**
     * {@code 4/5 nodes up, 2 deployments in use}: the deployments are the distinct ones of the
     * nodes up; up nodes that have none yet, next to some that have one, are counted apart.
     */
    static String summary(List<ClusterStatus> nodes) {
        int up = 0;
        int without = 0;
        Set<String> deployments = new LinkedHashSet<>();
        for (ClusterStatus status : nodes) {
            if (status.up()) {
                up++;
                String deployment = deployment(answer(status));
                if (deployment == null) {
                    without++;
                } else {
                    deployments.add(deployment);
                }
            }
        }
        String line = up + "/" + nodes.size() + " nodes up, " + deployments.size()
                + (deployments.size() == 1 ? " deployment" : " deployments") + " in use";
        return deployments.isEmpty() || without == 0 ? line + "\n"
                : line + ", " + without + (without == 1 ? " node" : " nodes") + " with none yet\n";
    }

    /**
     * A JSON array: per node its {@code node}, {@code port}, {@code pid}, {@code alive} and
     * {@code up}, followed by the fields of its {@code /core/status} answer when it gave one.
     */
    static String json(List<ClusterStatus> nodes) {
        JsonArray array = new JsonArray();
        for (ClusterStatus status : nodes) {
            JsonObject object = new JsonObject();
            object.addProperty("node", status.node().name());
            object.addProperty("port", status.node().port() == 0 ? null : status.node().port());
            object.addProperty("pid", status.pid());
            object.addProperty("alive", status.alive());
            object.addProperty("up", status.up());
            JsonObject answer = answer(status);
            if (answer != null) {
                answer.entrySet().forEach(field -> {
                    if (!object.has(field.getKey())) {
                        object.add(field.getKey(), field.getValue());
                    }
                });
            }
            array.add(object);
        }
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
                .toJson(array) + "\n";
    }

    /** {@code name@version(state)} per module, comma-separated; {@code -} for none. */
    static String modules(JsonObject answer) {
        JsonElement modules = answer == null ? null : answer.get("modules");
        if (modules == null || !modules.isJsonArray()) {
            return "-";
        }
        List<String> names = new ArrayList<>();
        for (JsonElement element : modules.getAsJsonArray()) {
            if (element.isJsonObject()) {
                JsonObject module = element.getAsJsonObject();
                names.add(text(module, "name") + "@" + text(module, "version") + "(" + text(module, "state") + ")");
            }
        }
        return names.isEmpty() ? "-" : String.join(",", names);
    }

    private static String pid(ClusterStatus status) {
        if (status.pid() == null) {
            return "-";
        }
        return status.alive() ? status.pid().toString() : status.pid() + " (gone)";
    }

    private static JsonObject answer(ClusterStatus status) {
        if (status.json() == null) {
            return null;
        }
        try {
            JsonElement root = JsonParser.parseString(status.json());
            return root.isJsonObject() ? root.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }

    private static String deployment(JsonObject answer) {
        String deployment = answer == null ? null : string(answer, "deployment");
        return deployment == null || deployment.isBlank() ? null : deployment;
    }

    private static String string(JsonObject object, String key) {
        JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        return (value.isJsonPrimitive() ? value.getAsString() : value.toString()).replaceAll("\\s+", " ").strip();
    }

    private static String text(JsonObject object, String key) {
        String value = string(object, key);
        return value == null || value.isEmpty() ? "-" : value;
    }
}
