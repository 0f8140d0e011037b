package io.grapevine.core.net;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.Json;
import io.grapevine.core.node.GossipMessage;
import io.grapevine.core.node.Relay;
import io.grapevine.core.node.Roster;
import io.grapevine.core.trust.TrustRoot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** Core gossip messages as JSON on the wire; whatever does not parse and validate is refused. */
public final class GossipCodec {
    /** Bigger than any honest message: a configuration of hundreds of modules plus hints. */
    public static final int MAX_BYTES = 256 * 1024;
    static final int MAX_HINTS = 64;
    static final int MAX_TRUST_CHAIN = 32;
    static final int MAX_RUMOUR_CHARS = 2048;
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,255}:[0-9]{1,5}");

    private GossipCodec() {
    }

    public static byte[] encode(GossipMessage message) {
        JsonObject root = new JsonObject();
        root.addProperty("from", message.from());
        root.addProperty("deployment", message.deployment() == null ? null : message.deployment().toString());
        root.addProperty("digest", message.digest());
        if (message.config() != null) {
            root.add("config", CanonicalJson.toTree(message.config()));
        }
        root.addProperty("trust", message.trust());
        if (!message.trustChain().isEmpty()) {
            JsonArray chain = new JsonArray();
            message.trustChain().forEach(r -> chain.add(r.toTree()));
            root.add("trustChain", chain);
        }
        JsonArray hints = new JsonArray();
        message.hints().forEach(hints::add);
        root.add("hints", hints);
        if (message.coreReverted() != null) {
            root.addProperty("coreReverted", message.coreReverted());
        }
        if (!message.roster().isEmpty()) {
            JsonArray roster = new JsonArray();
            for (Roster.Entry entry : message.roster()) {
                JsonObject member = new JsonObject();
                member.addProperty("address", entry.address());
                member.addProperty("deployment", entry.deployment() == null ? null : entry.deployment().toString());
                member.addProperty("ageMs", entry.ageMs());
                if (entry.left()) {
                    member.addProperty("left", true);
                }
                if (entry.coreReverted() != null) {
                    member.addProperty("coreReverted", entry.coreReverted());
                }
                if (entry.failed()) {
                    member.addProperty("failed", true);
                }
                roster.add(member);
            }
            root.add("roster", roster);
        }
        if (message.probe()) {
            root.addProperty("probe", true);
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a message; throws {@link IllegalArgumentException} with a one-line reason. */
    public static GossipMessage decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("gossip message over " + MAX_BYTES + " bytes");
        }
        try {
            JsonObject root = Json.parse(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
            String from = address(root.get("from").getAsString());
            if (!root.has("config") && !root.has("deployment")) {
                throw new IllegalArgumentException("a gossip message names its deployment (null for none)");
            }
            Configuration config = root.has("config") ? CanonicalJson.fromTree(root.getAsJsonObject("config")) : null;
            JsonElement deployment = root.get("deployment");
            DeploymentNumber number = config != null ? config.deployment()
                    : deployment == null || deployment.isJsonNull() ? null : DeploymentNumber.parse(deployment.getAsString());
            JsonElement digest = root.get("digest");
            String summary = digest == null || digest.isJsonNull() ? null : hex(digest.getAsString());
            List<String> hints = new ArrayList<>();
            JsonArray array = root.getAsJsonArray("hints");
            if (array != null) {
                if (array.size() > MAX_HINTS) {
                    throw new IllegalArgumentException("more than " + MAX_HINTS + " hints");
                }
                for (JsonElement hint : array) {
                    hints.add(address(hint.getAsString()));
                }
            }
            List<TrustRoot> chain = new ArrayList<>();
            JsonArray roots = root.has("trustChain") ? root.getAsJsonArray("trustChain") : new JsonArray();
            if (roots.size() > MAX_TRUST_CHAIN) {
                throw new IllegalArgumentException("more than " + MAX_TRUST_CHAIN + " trust roots");
            }
            for (JsonElement element : roots) {
                chain.add(TrustRoot.fromTree(element.getAsJsonObject()));
            }
            long trust = root.has("trust") ? root.get("trust").getAsLong() : 0;
            return new GossipMessage(from, number, config != null ? GossipMessage.digest(config) : summary, config, trust,
                    chain, hints, roster(root), sha(root.get("coreReverted")),
                    root.has("probe") && root.get("probe").getAsBoolean());
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                | NullPointerException | ClassCastException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed gossip message: " + e.getMessage());
        }
    }

    private static List<Roster.Entry> roster(JsonObject root) {
        List<Roster.Entry> roster = new ArrayList<>();
        JsonArray members = root.has("roster") ? root.getAsJsonArray("roster") : new JsonArray();
        if (members.size() > MAX_HINTS) {
            throw new IllegalArgumentException("more than " + MAX_HINTS + " roster entries");
        }
        for (JsonElement element : members) {
            JsonObject member = element.getAsJsonObject();
            JsonElement deployment = member.get("deployment");
            roster.add(new Roster.Entry(address(member.get("address").getAsString()),
                    deployment == null || deployment.isJsonNull() ? null : DeploymentNumber.parse(deployment.getAsString()),
                    Math.max(0, member.get("ageMs").getAsLong()), member.has("left") && member.get("left").getAsBoolean(),
                    sha(member.get("coreReverted")), member.has("failed") && member.get("failed").getAsBoolean()));
        }
        return roster;
    }

    /**
     * Roster news as a module message's header carries it, compact since every module message may
     * have some: the sender's member digest as {@code m} and 16 hex digits then {@code ;}, when it
     * sends one, then the rumours, comma-separated, each {@code address ageMs deployment flag
     * [coreReverted]}; the deployment is {@code =} when it is the sender's own ({@code senders}) and
     * {@code -} for none; the flag is {@code a} (news of it), {@code f} (a node failed to reach it)
     * or {@code l} (left). Empty for no news.
     */
    public static String encodeRumours(Relay.RosterNews news, DeploymentNumber senders) {
        StringBuilder header = new StringBuilder();
        if (news.members() != null) {
            header.append('m').append(HexFormat.of().toHexDigits(news.members())).append(';');
        }
        String separator = "";
        for (Roster.Entry entry : news.rumours()) {
            header.append(separator).append(entry.address()).append(' ').append(entry.ageMs())
                    .append(' ').append(entry.deployment() == null ? "-"
                            : entry.deployment().equals(senders) ? "=" : entry.deployment().toString())
                    .append(' ').append(entry.left() ? 'l' : entry.failed() ? 'f' : 'a');
            if (entry.coreReverted() != null) {
                header.append(' ').append(entry.coreReverted());
            }
            separator = ",";
        }
        return header.toString();
    }

    /** Parses {@link #encodeRumours}'s header; throws {@link IllegalArgumentException} with a one-line reason. */
    public static Relay.RosterNews decodeRumours(String header, DeploymentNumber senders) {
        if (header == null || header.isEmpty()) {
            return Relay.RosterNews.NONE;
        }
        if (header.length() > MAX_RUMOUR_CHARS) {
            throw new IllegalArgumentException("roster header over " + MAX_RUMOUR_CHARS + " characters");
        }
        Long members = null;
        if (header.startsWith("m")) {
            if (header.length() < 18 || header.charAt(17) != ';' || !header.substring(1, 17).matches("[0-9a-f]{16}")) {
                throw new IllegalArgumentException("malformed member digest in a roster header");
            }
            members = HexFormat.fromHexDigitsToLong(header.substring(1, 17));
            header = header.substring(18);
            if (header.isEmpty()) {
                return new Relay.RosterNews(members, List.of());
            }
        }
        String[] items = header.split(",", -1);
        if (items.length > Roster.PER_MODULE_MESSAGE) {
            throw new IllegalArgumentException("more than " + Roster.PER_MODULE_MESSAGE + " roster entries in a module"
                    + " message");
        }
        List<Roster.Entry> entries = new ArrayList<>();
        for (String item : items) {
            String[] fields = item.strip().split(" ", -1);
            if (fields.length < 4 || fields.length > 5 || !fields[3].matches("[afl]")) {
                throw new IllegalArgumentException("malformed roster entry in a module message");
            }
            long age;
            try {
                age = Long.parseLong(fields[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed age in a roster entry");
            }
            if (age < 0) {
                throw new IllegalArgumentException("negative age in a roster entry");
            }
            DeploymentNumber deployment = fields[2].equals("-") ? null
                    : fields[2].equals("=") ? senders : DeploymentNumber.parse(fields[2]);
            String reverted = fields.length == 5 ? fields[4] : null;
            if (reverted != null && !reverted.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("bad coreReverted: not a sha256");
            }
            entries.add(new Roster.Entry(address(fields[0]), deployment, age, fields[3].equals("l"), reverted,
                    fields[3].equals("f")));
        }
        return new Relay.RosterNews(members, entries);
    }

    /** An optional SHA-256 (of a reverted core): absent or null is none. */
    private static String sha(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.getAsString().matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("bad coreReverted: not a sha256");
        }
        return value.getAsString();
    }

    private static String hex(String digest) {
        if (!digest.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("bad configuration digest");
        }
        return digest;
    }

    static String address(String address) {
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("bad peer address: " + address);
        }
        return address;
    }
}
