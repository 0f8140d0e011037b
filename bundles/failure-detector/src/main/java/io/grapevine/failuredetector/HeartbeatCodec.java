package io.grapevine.failuredetector;

import io.grapevine.module.support.MemberLines;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heartbeat tables on the wire: plain text, one member per line, {@code host:port counter}:
 *
 * <pre>
 * 10.0.0.7:8080 1795274067158
 * 10.0.0.3:8080 1795274061020
 * </pre>
 *
 * Bounded both ways: {@link #decode} refuses a body over {@value #MAX_BYTES} bytes or
 * {@value #MAX_ENTRIES} entries, a byte outside printable ASCII, and any malformed line (the whole
 * message, never a part of it); {@link #encode} stops before either bound.
 */
final class HeartbeatCodec {
    static final int MAX_BYTES = MemberLines.MAX_BYTES;
    static final int MAX_ENTRIES = MemberLines.MAX_LINES;
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9.\\-\\[\\]:]{1,255}):([0-9]{1,5}) ([0-9]{1,19})");

    private HeartbeatCodec() {
    }

    static byte[] encode(List<Heartbeat> heartbeats) {
        return MemberLines.join(heartbeats.stream().map(heartbeat -> heartbeat.member() + " " + heartbeat.counter())
                .toList());
    }

    /** The heartbeats of {@code body}; {@link IllegalArgumentException} with a one-line reason if bad. */
    static List<Heartbeat> decode(byte[] body) {
        List<Heartbeat> heartbeats = new ArrayList<>();
        for (String line : MemberLines.split(body, "table")) {
            Matcher match = LINE.matcher(line);
            if (!match.matches()) {
                throw new IllegalArgumentException("malformed heartbeat line: " + MemberLines.abbreviate(line));
            }
            int port = Integer.parseInt(match.group(2));
            long counter;
            try {
                counter = Long.parseLong(match.group(3));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("heartbeat counter out of range: " + MemberLines.abbreviate(line));
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + MemberLines.abbreviate(line));
            }
            if (heartbeats.size() == MAX_ENTRIES) {
                throw new IllegalArgumentException("table of more than " + MAX_ENTRIES + " entries");
            }
            heartbeats.add(new Heartbeat(match.group(1) + ":" + match.group(2), counter));
        }
        return heartbeats;
    }
}
