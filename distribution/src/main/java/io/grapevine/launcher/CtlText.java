package io.grapevine.launcher;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code grapevine-ctl} prints for people, made from the node's JSON answers. Missing or
 * null fields print as {@code -}, so a node a little older or newer than this tool still shows.
 */
final class CtlText {
    private static final int SHORT_HASH = 12;

    private CtlText() {
    }

    static String status(String json) throws CtlFailure {
        JsonObject status = parse(json, JsonObject.class);
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"node", text(status, "nodeId")});
        facts.add(new String[] {"address", text(status, "address")});
        facts.add(new String[] {"uptime", uptime(status)});
        String deployment = string(status, "deployment");
        facts.add(new String[] {"deployment", deployment == null ? "none (nothing deployed yet)" : deployment});
        facts.add(new String[] {"rendezvous", rendezvous(status)});
        String core = string(status, "core");
        if (core != null) {
            facts.add(new String[] {"core", core}); // good, probation or reverted, as the launcher says
        }
        List<String> reverted = new ArrayList<>();
        for (JsonObject member : objects(status.get("roster"))) {
            String line = string(member, "coreReverted");
            if (line != null && !line.isEmpty() && !text(member, "address").equals(text(status, "address"))) {
                reverted.add(text(member, "address") + " " + line);
            }
        }
        if (!reverted.isEmpty()) {
            facts.add(new String[] {"cores reverted", reverted.size() + " other node(s): " + String.join(", ", reverted)});
        }
        StringBuilder out = new StringBuilder(table(facts, ""));

        List<JsonObject> modules = objects(status.get("modules"));
        out.append('\n');
        if (modules.isEmpty()) {
            return out.append("no modules\n").toString();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MODULE", "VERSION", "SHA256", "CHANGED AT", "STATE"});
        for (JsonObject module : modules) {
            String state = text(module, "state");
            String reason = string(module, "reason");
            rows.add(new String[] {text(module, "name"), text(module, "version"), shortHash(module),
                text(module, "deployment"), reason == null ? state : state + ": " + reason});
        }
        return out.append(table(rows, "")).toString();
    }

    /**
     * One block per deployment, newest first. The newest is marked current: a node applies only
     * configurations newer than its own, and a rollback is itself a new deployment.
     */
    static String history(String json) throws CtlFailure {
        JsonArray deployments = parse(json, JsonArray.class);
        if (deployments.isEmpty()) {
            return "no deployments yet\n";
        }
        StringBuilder out = new StringBuilder();
        boolean newest = true;
        for (JsonObject deployment : objects(deployments)) {
            out.append(newest ? "" : "\n").append("deployment ").append(text(deployment, "deployment"))
                    .append(newest ? "  (current)" : "").append('\n');
            newest = false;
            List<JsonObject> modules = objects(deployment.get("modules"));
            if (modules.isEmpty()) {
                out.append("  no modules\n");
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"MODULE", "VERSION", "SHA256", "SIZE", "CHANGED AT"});
                for (JsonObject module : modules) {
                    rows.add(new String[] {text(module, "name"), text(module, "version"), shortHash(module),
                        size(module), text(module, "deployment")});
                }
                out.append(table(rows, "  "));
            }
            JsonElement signatures = deployment.get("signatures");
            int signed = signatures != null && signatures.isJsonArray() ? signatures.getAsJsonArray().size() : 0;
            out.append("  signatures: ").append(signed == 0 ? "none" : Integer.toString(signed)).append('\n');
        }
        return out.toString();
    }

    /** The {@code deployment} token of a deploy, undeploy or rollback answer. */
    static String deploymentOf(String json) throws CtlFailure {
        String token = string(parse(json, JsonObject.class), "deployment");
        if (token == null) {
            throw new CtlFailure("the node's answer names no deployment: " + json);
        }
        return token;
    }

    static String uptime(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        long[] amounts = {seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60};
        String[] units = {"d", "h", "m", "s"};
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] > 0 || out.length() > 0 || i == amounts.length - 1) {
                out.append(out.length() > 0 ? " " : "").append(amounts[i]).append(units[i]);
            }
        }
        return out.toString();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double kib = bytes / 1024.0;
        return kib < 1024 ? String.format(Locale.ROOT, "%.1f KiB", kib)
                : String.format(Locale.ROOT, "%.1f MiB", kib / 1024);
    }

    /** Rows as columns aligned on their widest cell, two spaces apart, no trailing blanks. */
    static String table(List<String[]> rows, String indent) {
        int[] widths = new int[rows.stream().mapToInt(row -> row.length).max().orElse(0)];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]).append(i == row.length - 1 ? "" : " ".repeat(widths[i] - row[i].length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static <T extends JsonElement> T parse(String json, Class<T> type) throws CtlFailure {
        try {
            JsonElement root = JsonParser.parseString(json);
            if (type.isInstance(root)) {
                return type.cast(root);
            }
        } catch (JsonParseException e) {
            // reported below
        }
        throw new CtlFailure("the node's answer is not the JSON expected (try --json to see it)");
    }

    private static String uptime(JsonObject status) {
        JsonElement millis = status.get("uptimeMs");
        try {
            return millis == null || millis.isJsonNull() ? "-" : uptime(millis.getAsLong());
        } catch (RuntimeException e) {
            return "-";
        }
    }

    private static String size(JsonObject module) {
        try {
            return size(module.get("size").getAsLong());
        } catch (RuntimeException e) {
            return "-";
        }
    }

    private static String rendezvous(JsonObject status) {
        JsonElement list = status.get("rendezvous");
        if (list == null || !list.isJsonArray() || list.getAsJsonArray().isEmpty()) {
            return "none";
        }
        List<String> addresses = new ArrayList<>();
        list.getAsJsonArray().forEach(a -> addresses.add(a.isJsonPrimitive() ? a.getAsString() : a.toString()));
        return String.join(", ", addresses);
    }

    private static String shortHash(JsonObject module) {
        String hash = text(module, "sha256");
        return hash.length() > SHORT_HASH ? hash.substring(0, SHORT_HASH) : hash;
    }

    private static List<JsonObject> objects(JsonElement array) {
        List<JsonObject> objects = new ArrayList<>();
        if (array != null && array.isJsonArray()) {
            array.getAsJsonArray().forEach(e -> {
                if (e.isJsonObject()) {
                    objects.add(e.getAsJsonObject());
                }
            });
        }
        return objects;
    }

    /** The field as one line of text; {@code null} when missing or null. */
    private static String string(JsonObject object, String key) {
        JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        String text = value.isJsonPrimitive() ? value.getAsString() : value.toString();
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String text(JsonObject object, String key) {
        String value = string(object, key);
        return value == null || value.isBlank() ? "-" : value;
    }
}
