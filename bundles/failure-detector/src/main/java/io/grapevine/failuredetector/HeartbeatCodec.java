package io.grapevine.failuredetector;

import java.nio.charset.StandardCharsets;
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
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_ENTRIES = 1000;
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9.\\-\\[\\]:]{1,255}):([0-9]{1,5}) ([0-9]{1,19})");

    private HeartbeatCodec() {
    }

    static byte[] encode(List<Heartbeat> heartbeats) {
        StringBuilder text = new StringBuilder();
        int count = 0;
        for (Heartbeat heartbeat : heartbeats) {
            String line = heartbeat.member() + " " + heartbeat.counter() + "\n";
            if (count == MAX_ENTRIES || text.length() + line.length() > MAX_BYTES) {
                break;
            }
            text.append(line);
            count++;
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The heartbeats of {@code body}; {@link IllegalArgumentException} with a one-line reason if bad. */
    static List<Heartbeat> decode(byte[] body) {
        if (body.length > MAX_BYTES) {
            throw new IllegalArgumentException("table of " + body.length + " bytes, over " + MAX_BYTES);
        }
        for (byte b : body) {
            if ((b < 0x20 || b > 0x7e) && b != '\n' && b != '\r') {
                throw new IllegalArgumentException("table holds a byte outside printable ASCII");
            }
        }
        List<Heartbeat> heartbeats = new ArrayList<>();
        for (String raw : new String(body, StandardCharsets.US_ASCII).split("\n")) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                continue;
            }
            Matcher match = LINE.matcher(line);
            if (!match.matches()) {
                throw new IllegalArgumentException("malformed heartbeat line: " + abbreviate(line));
            }
            int port = Integer.parseInt(match.group(2));
            long counter;
            try {
                counter = Long.parseLong(match.group(3));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("heartbeat counter out of range: " + abbreviate(line));
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + abbreviate(line));
            }
            if (heartbeats.size() == MAX_ENTRIES) {
                throw new IllegalArgumentException("table of more than " + MAX_ENTRIES + " entries");
            }
            heartbeats.add(new Heartbeat(match.group(1) + ":" + match.group(2), counter));
        }
        return heartbeats;
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }
}
