package io.grapevine.launcher;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;

/**
 * Whether a candidate core passes its probation: within the deadline it must answer
 * {@code GET /core/status} with 200 and, when the node has peers, complete a core gossip exchange
 * with one. Pure: the driver ({@link CoreWatch}) asks the node and reads the clock. Reads only
 * what every core since 0.1 writes ({@code /core/status}'s {@code address}, {@code hints},
 * {@code roster}; {@code /core/metrics}'s {@value #EXCHANGES}; {@code /core/config}'s
 * {@code modules}), as a new core must keep writing it (README, "Updating the core").
 */
final class Probation {
    /**
     * Counts authenticated core messages only: a peer's gossip the core decoded, or a peer's 200
     * answer to its own. The counters start at 0 with each core, and module traffic is not counted.
     */
    static final String EXCHANGES = "grapevine_core_messages_received_total";

    private Probation() {
    }

    /** Passed, failed with a reason, or not yet ({@link #WAIT}). */
    record Verdict(boolean done, boolean passed, String reason) {
        static Verdict failed(String reason) {
            return new Verdict(true, false, reason);
        }
    }

    static final Verdict WAIT = new Verdict(false, false, null);
    static final Verdict PASS = new Verdict(true, true, null);

    /**
     * @param elapsed time since the candidate's boot began
     * @param startupFailure what the core said when it could not start (null: nothing)
     * @param answered whether it answered {@code /core/status} with 200
     * @param hasPeers whether the node has peers to gossip with
     * @param exchanged whether it completed a core gossip exchange since it started
     */
    static Verdict judge(Duration elapsed, Duration deadline, String startupFailure, boolean answered,
            boolean hasPeers, boolean exchanged) {
        if (startupFailure != null) {
            return Verdict.failed("did not start: " + startupFailure);
        }
        if (answered && (exchanged || !hasPeers)) {
            return PASS;
        }
        if (elapsed.compareTo(deadline) < 0) {
            return WAIT;
        }
        return Verdict.failed((answered ? "no core gossip exchange with a peer" : "no answer to /core/status")
                + " within " + deadline.toSeconds() + " s");
    }

    /**
     * A member that left this recently still counts as a peer: a core switch restarts every node,
     * and each says it leaves. Were they none, a node whose peers all switched first would pass
     * with a core that cannot gossip, and stay cut off on it as its known-good core.
     */
    static final long LEFT_RECENTLY_MS = Duration.ofMinutes(10).toMillis();

    /**
     * Whether the node has peers: a rendezvous address given, or a hint or a roster member other
     * than itself (not left, or left within {@link #LEFT_RECENTLY_MS}) in its status, which the
     * core restores from its data folder.
     */
    static boolean hasPeers(String statusJson, boolean rendezvous) {
        if (rendezvous) {
            return true;
        }
        JsonObject status = object(statusJson);
        String self = text(status.get("address"));
        for (String list : new String[] {"hints", "roster"}) {
            JsonElement members = status.get(list);
            if (members != null && members.isJsonArray()) {
                for (JsonElement member : members.getAsJsonArray()) {
                    JsonObject entry = member.isJsonObject() ? member.getAsJsonObject() : new JsonObject();
                    String address = text(entry.get("address"));
                    if (address != null && !address.equals(self) && (!"left".equals(text(entry.get("state")))
                            || heardMsAgo(entry) < LEFT_RECENTLY_MS)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether {@code /core/metrics} counts a core message received from a peer. */
    static boolean exchanged(String metrics) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(EXCHANGES + " ")) {
                try {
                    return Double.parseDouble(line.substring(EXCHANGES.length() + 1).strip()) > 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** The SHA-256 of the core {@code /core/config} names (module {@code core}), null when none. */
    static String configuredCore(String configJson) {
        JsonElement modules = object(configJson).get("modules");
        if (modules != null && modules.isJsonArray()) {
            for (JsonElement module : modules.getAsJsonArray()) {
                JsonObject entry = module.isJsonObject() ? module.getAsJsonObject() : new JsonObject();
                if ("core".equals(text(entry.get("name")))) {
                    return text(entry.get("sha256"));
                }
            }
        }
        return null;
    }

    private static JsonObject object(String json) {
        try {
            JsonElement root = JsonParser.parseString(json);
            return root.isJsonObject() ? root.getAsJsonObject() : new JsonObject();
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    /** A member's {@code heardMsAgo}; a core that does not say counts as long ago. */
    private static long heardMsAgo(JsonObject member) {
        JsonElement ago = member.get("heardMsAgo");
        try {
            return ago != null && ago.isJsonPrimitive() && ago.getAsJsonPrimitive().isNumber() ? ago.getAsLong()
                    : Long.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String text(JsonElement value) {
        return value == null || value.isJsonNull() || !value.isJsonPrimitive() ? null : value.getAsString();
    }
}
