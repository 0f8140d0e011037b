package io.grapevine.randomwalk;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Random-walk messages on the wire: one line of ASCII tokens.
 *
 * <pre>
 * walk &lt;id&gt; &lt;origin host:port, or - on the first hop&gt; &lt;hops left&gt; &lt;hops taken&gt;
 * done &lt;id&gt; &lt;hops taken&gt;
 * </pre>
 *
 * Both are answered {@code ok}. The first hop learns the origin's address from the exchange's
 * sender (the core stamps it), and the origin learns the end node's from the sender of
 * {@code done}: no node needs to know its own address. Anything else, or numbers out of
 * [0, {@link #MAX_HOPS}], is refused with an {@link IllegalArgumentException} that says why in one
 * line.
 */
final class WalkCodec {
    static final int MAX_HOPS = 1024;
    static final int MAX_BYTES = 512;
    static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,200}");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,255}:[0-9]{1,5}");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,4}");

    /** A walk under way; {@code origin} is {@code null} on the first hop. */
    record Walk(String id, String origin, int hopsLeft, int hopsTaken) {
    }

    /** The end node's answer to the origin. */
    record Done(String id, int hopsTaken) {
    }

    private WalkCodec() {
    }

    static byte[] encode(Walk walk) {
        return line("walk " + walk.id() + " " + (walk.origin() == null ? "-" : walk.origin()) + " " + walk.hopsLeft()
                + " " + walk.hopsTaken());
    }

    static byte[] encode(Done done) {
        return line("done " + done.id() + " " + done.hopsTaken());
    }

    static Walk decodeWalk(byte[] bytes) {
        String[] tokens = tokens(bytes, "walk", 5);
        String origin = tokens[2].equals("-") ? null : address(tokens[2]);
        int left = count(tokens[3]);
        if (left < 1) {
            throw new IllegalArgumentException("a walk needs at least one hop left");
        }
        return new Walk(id(tokens[1]), origin, left, count(tokens[4]));
    }

    static Done decodeDone(byte[] bytes) {
        String[] tokens = tokens(bytes, "done", 3);
        return new Done(id(tokens[1]), count(tokens[2]));
    }

    static boolean validAddress(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String[] tokens(byte[] bytes, String kind, int count) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("message over " + MAX_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        String[] tokens = text.split(" ", -1);
        if (tokens.length != count || !tokens[0].equals(kind)) {
            throw new IllegalArgumentException("not a '" + kind + "' message of " + count + " tokens");
        }
        return tokens;
    }

    private static String id(String token) {
        if (!ID.matcher(token).matches()) {
            throw new IllegalArgumentException("bad walk id");
        }
        return token;
    }

    private static String address(String token) {
        if (!validAddress(token)) {
            throw new IllegalArgumentException("bad origin address");
        }
        return token;
    }

    private static int count(String token) {
        if (!COUNT.matcher(token).matches() || Integer.parseInt(token) > MAX_HOPS) {
            throw new IllegalArgumentException("hop counts must be 0 to " + MAX_HOPS);
        }
        return Integer.parseInt(token);
    }
}
