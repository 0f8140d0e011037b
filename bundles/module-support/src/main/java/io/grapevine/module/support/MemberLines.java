package io.grapevine.module.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of the member tables modules exchange (a view, a shuffle, a heartbeat table): plain
 * text, one member a line, bounded both ways. {@link #split} refuses a body over {@value #MAX_BYTES}
 * bytes or with a byte outside printable ASCII, before anything reads it; {@link #join} stops before
 * {@value #MAX_BYTES} bytes or {@value #MAX_LINES} lines. What a line holds is the codec's to parse,
 * and to refuse more than {@value #MAX_LINES} of.
 */
public final class MemberLines {
    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_LINES = 1000;

    private MemberLines() {
    }

    /** As many of {@code lines} as fit within both bounds, each ended by a newline. */
    public static byte[] join(List<String> lines) {
        StringBuilder text = new StringBuilder();
        int count = 0;
        for (String each : lines) {
            String line = each + "\n";
            if (count == MAX_LINES || text.length() + line.length() > MAX_BYTES) {
                break;
            }
            text.append(line);
            count++;
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The lines of {@code body} that are not blank, without their line ends; {@link
     * IllegalArgumentException} with a one-line reason that names the {@code message} ("view",
     * "table") if the body is too large or not printable ASCII.
     */
    public static List<String> split(byte[] body, String message) {
        if (body.length > MAX_BYTES) {
            throw new IllegalArgumentException(message + " of " + body.length + " bytes, over " + MAX_BYTES);
        }
        for (byte b : body) {
            if ((b < 0x20 || b > 0x7e) && b != '\n' && b != '\r') {
                throw new IllegalArgumentException(message + " holds a byte outside printable ASCII");
            }
        }
        List<String> lines = new ArrayList<>();
        for (String raw : new String(body, StandardCharsets.US_ASCII).split("\n")) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** {@code line}, cut to 60 characters, for the reason of a refusal. */
    public static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }
}
