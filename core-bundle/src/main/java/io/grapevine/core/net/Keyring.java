package io.grapevine.core.net;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster keyring, as Serf's: several shared HMAC-SHA256 keys are accepted, one (the primary)
 * signs what this node sends, so keys are installed everywhere, switched to, and the old one
 * removed, without a moment in which two nodes cannot talk. Every request between nodes carries
 * {@code X-Grapevine-Auth: <key id> <sequence> <mac>} over its method, path, sender, sequence and
 * body hash, and every reply a MAC bound to the request's; a sender's sequence numbers only grow,
 * and a receiver refuses one it has seen ({@link ReplayWindow}). Not holding a key, nobody can
 * send a message a node believes, or claim another node's address. The MAC also covers the core's
 * own headers on module messages ({@link #covered}) when there are any, so the deployment numbers a
 * node's gossip decisions rest on are the sender's; a message without them has the MAC it always
 * had, so nodes of an older core, which do not cover them, are still believed, their headers not.
 */
public final class Keyring {
    public static final String AUTH = "X-Grapevine-Auth";
    public static final String FROM = "X-Grapevine-From";
    /** The sender's configuration's deployment number, on module messages. */
    public static final String DEPLOYMENT = "X-Grapevine-Deployment";
    /** The deployment of the sender's version of the module, on module messages. */
    public static final String MODULE_DEPLOYMENT = "X-Grapevine-Module-Deployment";
    /** Roster rumours the sender's core puts on a module message ({@code GossipCodec#encodeRumours}). */
    public static final String ROSTER = "X-Grapevine-Roster";
    private static final List<String> COVERED = List.of(DEPLOYMENT, MODULE_DEPLOYMENT, ROSTER);
    static final int MIN_KEY_BYTES = 16;

    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    /** Starts from the clock in microseconds, so a restarted node's numbers stay above its last ones. */
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private final ReplayWindow replays = new ReplayWindow();
    private String primary;

    /**
     * What {@link #verify} found: the authenticated sender and the request's MAC, or why not.
     * {@code headersCovered}: the MAC covers the headers {@link #covered} took too (false for a
     * sender of an older core: believe its message, not its headers).
     */
    public record Verdict(String from, String mac, String refusal, boolean headersCovered) {
        Verdict(String refusal) {
            this(null, null, refusal, false);
        }
    }

    /**
     * The covered headers a message has, as its MAC takes them: "" when it has none, so that the
     * MAC of core gossip, which has none, is what it always was. {@code header} reads one by name.
     */
    public static String covered(Function<String, String> header) {
        StringBuilder covered = new StringBuilder();
        for (String name : COVERED) {
            String value = header.apply(name);
            if (value != null) {
                covered.append('\n').append(name).append(": ").append(value);
            }
        }
        return covered.toString();
    }

    public Keyring(List<byte[]> secrets, String primaryId) {
        secrets.forEach(this::install);
        primary = primaryId != null && keys.containsKey(primaryId) ? primaryId : keys.keySet().iterator().next();
    }

    public static String id(byte[] secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new key: 32 random bytes, base64. */
    public static String generate() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    public static byte[] decode(String base64) {
        byte[] secret = Base64.getDecoder().decode(base64.strip());
        if (secret.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a cluster key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        return secret;
    }

    public synchronized String install(byte[] secret) {
        String id = id(secret);
        keys.put(id, secret.clone());
        return id;
    }

    /** Makes key {@code id} the one this node sends with. */
    public synchronized void use(String id) {
        if (!keys.containsKey(id)) {
            throw new IllegalArgumentException("no key " + id + " in the keyring");
        }
        primary = id;
    }

    public synchronized void remove(String id) {
        if (id.equals(primary)) {
            throw new IllegalArgumentException("key " + id + " is the one this node sends with: use another first");
        }
        if (keys.remove(id) == null) {
            throw new IllegalArgumentException("no key " + id + " in the keyring");
        }
    }

    public synchronized String primary() {
        return primary;
    }

    public synchronized List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }

    /** The keys as their file keeps them, primary first. */
    public synchronized List<String> secrets() {
        List<String> all = new ArrayList<>();
        all.add(Base64.getEncoder().encodeToString(keys.get(primary)));
        keys.forEach((id, secret) -> {
            if (!id.equals(primary)) {
                all.add(Base64.getEncoder().encodeToString(secret));
            }
        });
        return all;
    }

    /** The {@value #AUTH} header for a request this node ({@code from}) sends, with no covered headers. */
    public String sign(String method, String pathAndQuery, String from, byte[] body) {
        return sign(method, pathAndQuery, from, "", body);
    }

    /** The {@value #AUTH} header for a request with the {@link #covered} headers {@code covered}. */
    public String sign(String method, String pathAndQuery, String from, String covered, byte[] body) {
        long seq = sequence.incrementAndGet();
        String id;
        byte[] key;
        synchronized (this) {
            id = primary;
            key = keys.get(primary);
        }
        return id + " " + seq + " " + mac(key, request(method, pathAndQuery, from, seq, body) + covered);
    }

    /** Checks a request without covered headers; see {@link #verify(String, String, String, String, String, byte[])}. */
    public Verdict verify(String header, String method, String pathAndQuery, String from, byte[] body) {
        return verify(header, method, pathAndQuery, from, "", body);
    }

    /** Checks a request's {@value #AUTH} header: the sender it proves, or the refusal. */
    public Verdict verify(String header, String method, String pathAndQuery, String from, String covered,
            byte[] body) {
        String[] parts = header == null ? new String[0] : header.strip().split(" ");
        if (parts.length != 3 || from == null) {
            return new Verdict("unauthenticated");
        }
        byte[] key;
        synchronized (this) {
            key = keys.get(parts[0]);
        }
        long seq;
        try {
            seq = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return new Verdict("bad-mac");
        }
        if (key == null) {
            return new Verdict("unknown-key");
        }
        String request = request(method, pathAndQuery, from, seq, body);
        boolean headersCovered = equal(mac(key, request + covered), parts[2]);
        if (!headersCovered && (covered.isEmpty() || !equal(mac(key, request), parts[2]))) {
            return new Verdict("bad-mac");
        }
        return replays.accept(from, seq) ? new Verdict(from, parts[2], null, headersCovered) : new Verdict("replay");
    }

    /** The {@value #AUTH} header of a reply without covered headers. */
    public String signReply(String requestMac, int status, byte[] body) {
        return signReply(requestMac, status, "", body);
    }

    /** The {@value #AUTH} header of a reply to the request whose MAC was {@code requestMac}. */
    public String signReply(String requestMac, int status, String covered, byte[] body) {
        String id;
        byte[] key;
        synchronized (this) {
            id = primary;
            key = keys.get(primary);
        }
        return id + " 0 " + mac(key, reply(requestMac, status, body) + covered);
    }

    /** True if {@code header} proves the reply, without covered headers, came from a holder of a key of ours. */
    public boolean verifyReply(String header, String requestHeader, int status, byte[] body) {
        return verifyReply(header, requestHeader, status, "", body);
    }

    /** True if {@code header} proves the reply, and its {@link #covered} headers, came from a holder of a key of ours. */
    public boolean verifyReply(String header, String requestHeader, int status, String covered, byte[] body) {
        String[] parts = header == null ? new String[0] : header.strip().split(" ");
        String[] request = requestHeader.split(" ");
        byte[] key;
        synchronized (this) {
            key = parts.length == 3 ? keys.get(parts[0]) : null;
        }
        return key != null && equal(mac(key, reply(request[2], status, body) + covered), parts[2]);
    }

    private static String request(String method, String pathAndQuery, String from, long seq, byte[] body) {
        return "grapevine-request-v1\n" + method + "\n" + pathAndQuery + "\n" + from + "\n" + seq + "\n" + hash(body);
    }

    private static String reply(String requestMac, int status, byte[] body) {
        return "grapevine-reply-v1\n" + requestMac + "\n" + status + "\n" + hash(body);
    }

    private static String hash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
