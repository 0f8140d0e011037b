package io.grapevine.broadcast;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Broadcast messages on the wire: one ASCII header line, then the payload's bytes as they are.
 *
 * <pre>
 * msg &lt;id&gt; &lt;hops so far&gt;\n&lt;payload&gt;
 * </pre>
 *
 * The answer is {@code new\n} (first copy at that node) or {@code dup\n}. A header that does not
 * parse, an id outside {@code [A-Za-z0-9._:-]{1,200}}, hops outside [0, 255] or a payload over the
 * limit is refused with an {@link IllegalArgumentException} that says why in one line.
 */
final class BroadcastCodec {
    static final int MAX_HOPS = 255;
    private static final int MAX_HEADER = 256;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,200}");
    private static final byte[] NEW = "new\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DUP = "dup\n".getBytes(StandardCharsets.US_ASCII);

    /** A message as it travels. */
    record Message(String id, int hops, byte[] payload) {
    }

    private BroadcastCodec() {
    }

    static boolean validId(String id) {
        return ID.matcher(id).matches();
    }

    static byte[] encode(Message message) {
        byte[] header = ("msg " + message.id() + " " + message.hops() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = Arrays.copyOf(header, header.length + message.payload().length);
        System.arraycopy(message.payload(), 0, bytes, header.length, message.payload().length);
        return bytes;
    }

    static Message decode(byte[] bytes, int maxPayload) {
        int newline = -1;
        for (int i = 0; i < Math.min(bytes.length, MAX_HEADER); i++) {
            if (bytes[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            throw new IllegalArgumentException("no header line in the first " + MAX_HEADER + " bytes");
        }
        if (bytes.length - newline - 1 > maxPayload) {
            throw new IllegalArgumentException("payload over " + maxPayload + " bytes");
        }
        String[] header = new String(bytes, 0, newline, StandardCharsets.US_ASCII).split(" ", -1);
        if (header.length != 3 || !header[0].equals("msg")) {
            throw new IllegalArgumentException("header is not 'msg <id> <hops>'");
        }
        if (!validId(header[1])) {
            throw new IllegalArgumentException("bad message id");
        }
        if (!header[2].matches("[0-9]{1,3}") || Integer.parseInt(header[2]) > MAX_HOPS) {
            throw new IllegalArgumentException("hops must be 0 to " + MAX_HOPS);
        }
        return new Message(header[1], Integer.parseInt(header[2]), Arrays.copyOfRange(bytes, newline + 1, bytes.length));
    }

    static byte[] encodeAnswer(boolean first) {
        return (first ? NEW : DUP).clone();
    }

    /** Whether the answer says first copy; refuses anything but the two answers. */
    static boolean decodeAnswer(byte[] bytes) {
        if (Arrays.equals(bytes, NEW)) {
            return true;
        }
        if (Arrays.equals(bytes, DUP)) {
            return false;
        }
        throw new IllegalArgumentException("not a broadcast answer");
    }
}
