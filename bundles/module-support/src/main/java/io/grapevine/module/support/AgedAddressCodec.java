package io.grapevine.module.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Members with ages on the wire (a view, a shuffle and their answers): plain text, one member per
 * line, {@code host:port} optionally followed by a space and its age in rounds ({@code 0} when
 * absent):
 *
 * <pre>
 * 10.0.0.7:8080 0
 * 10.0.0.3:8080 4
 * </pre>
 *
 * Bounded both ways: {@link #decode} refuses a body over {@value #MAX_BYTES} bytes or
 * {@value #MAX_ENTRIES} entries, a byte outside printable ASCII, and any malformed line (the whole
 * message, never a part of it); {@link #encode} stops before either bound.
 *
 * @param <E> the module's own record of a member
 */
public final class AgedAddressCodec<E extends AgedAddress> {
    public static final int MAX_BYTES = MemberLines.MAX_BYTES;
    public static final int MAX_ENTRIES = MemberLines.MAX_LINES;
    /** Ages beyond this are refused: no sane setting gets near it. */
    public static final int MAX_AGE_VALUE = 1_000_000;
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9.\\-\\[\\]:]{1,255}):([0-9]{1,5})(?: ([0-9]{1,7}))?");

    private final String message;
    private final BiFunction<String, Integer, E> entry;

    /**
     * @param message what the module calls one message ("view", "shuffle"), for the reasons of a refusal
     * @param entry makes the module's record of a member from its address and age
     */
    public AgedAddressCodec(String message, BiFunction<String, Integer, E> entry) {
        this.message = message;
        this.entry = entry;
    }

    public byte[] encode(List<E> entries) {
        return MemberLines.join(entries.stream().map(each -> each.member() + " " + each.age()).toList());
    }

    /** The entries of {@code body}; {@link IllegalArgumentException} with a one-line reason if bad. */
    public List<E> decode(byte[] body) {
        List<E> entries = new ArrayList<>();
        for (String line : MemberLines.split(body, message)) {
            Matcher match = LINE.matcher(line);
            if (!match.matches()) {
                throw new IllegalArgumentException("malformed " + message + " line: " + MemberLines.abbreviate(line));
            }
            int port = Integer.parseInt(match.group(2));
            int age = match.group(3) == null ? 0 : Integer.parseInt(match.group(3));
            if (port < 1 || port > 65535 || age > MAX_AGE_VALUE) {
                throw new IllegalArgumentException("port or age out of range: " + MemberLines.abbreviate(line));
            }
            if (entries.size() == MAX_ENTRIES) {
                throw new IllegalArgumentException(message + " of more than " + MAX_ENTRIES + " entries");
            }
            entries.add(entry.apply(match.group(1) + ":" + match.group(2), age));
        }
        return entries;
    }

    /** {@code entries} as text: the state a module hands to its next version. */
    public String toState(List<E> entries) {
        return new String(encode(entries), StandardCharsets.US_ASCII);
    }

    /** The entries a previous version handed over; none when it handed nothing, or garbage. */
    public List<E> fromState(String state) {
        if (state == null) {
            return List.of();
        }
        try {
            return decode(state.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}
