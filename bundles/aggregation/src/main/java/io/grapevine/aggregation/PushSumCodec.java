package io.grapevine.aggregation;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Push-sum messages on the wire: one line of ASCII tokens separated by single spaces, numbers in
 * Java's shortest round-trip notation, so a person can read a captured message and nothing is
 * lost in decimal.
 *
 * <pre>
 * push &lt;epoch number&gt; &lt;starter id&gt; &lt;s value&gt; &lt;s indicator&gt; &lt;weight&gt; &lt;average estimate&gt; &lt;inverse count estimate&gt;
 * ok|refused &lt;epoch number&gt; &lt;starter id&gt; &lt;average estimate&gt; &lt;inverse count estimate&gt;
 * </pre>
 *
 * Anything else, anything over {@link #MAX_BYTES}, a non-finite number or a negative mass is
 * refused with an {@link IllegalArgumentException} that says why in one line.
 */
final class PushSumCodec {
    /** Ten times an honest message (about 100 bytes). */
    static final int MAX_BYTES = 1024;
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:@\\-]{1,128}");

    /** A push: half of the sender's mass, and the sender's estimates (for the receiver's window). */
    record Push(Epoch epoch, double value, double indicator, double weight, double average, double inverse) {
    }

    /** The answer: whether the mass was taken, the receiver's epoch and its estimates after taking it. */
    record Answer(boolean accepted, Epoch epoch, double average, double inverse) {
    }

    private PushSumCodec() {
    }

    static byte[] encode(Push push) {
        return line("push", push.epoch(), push.value(), push.indicator(), push.weight(), push.average(),
                push.inverse());
    }

    static byte[] encode(Answer answer) {
        return line(answer.accepted() ? "ok" : "refused", answer.epoch(), answer.average(), answer.inverse());
    }

    static Push decodePush(byte[] bytes) {
        String[] tokens = tokens(bytes, 8);
        if (!tokens[0].equals("push")) {
            throw new IllegalArgumentException("not a push message");
        }
        Epoch epoch = epoch(tokens[1], tokens[2]);
        double value = number(tokens[3]);
        double indicator = mass(tokens[4]);
        double weight = mass(tokens[5]);
        return new Push(epoch, value, indicator, weight, number(tokens[6]), mass(tokens[7]));
    }

    static Answer decodeAnswer(byte[] bytes) {
        String[] tokens = tokens(bytes, 5);
        boolean accepted = switch (tokens[0]) {
            case "ok" -> true;
            case "refused" -> false;
            default -> throw new IllegalArgumentException("not a push answer");
        };
        return new Answer(accepted, epoch(tokens[1], tokens[2]), number(tokens[3]), mass(tokens[4]));
    }

    private static byte[] line(String kind, Epoch epoch, double... numbers) {
        StringBuilder line = new StringBuilder(kind).append(' ').append(epoch.number()).append(' ')
                .append(epoch.starter());
        for (double number : numbers) {
            line.append(' ').append(number);
        }
        return line.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String[] tokens(byte[] bytes, int count) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("message over " + MAX_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        String[] tokens = text.split(" ", -1);
        if (tokens.length != count) {
            throw new IllegalArgumentException("expected " + count + " tokens, got " + tokens.length);
        }
        return tokens;
    }

    private static Epoch epoch(String number, String starter) {
        long parsed;
        try {
            parsed = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad epoch number");
        }
        if (parsed < 0) {
            throw new IllegalArgumentException("negative epoch number");
        }
        if (!NODE_ID.matcher(starter).matches()) {
            throw new IllegalArgumentException("bad starter id");
        }
        return new Epoch(parsed, starter);
    }

    private static double number(String token) {
        if (token.isEmpty() || token.length() > 32 || !token.matches("[-+0-9.eE]+")) {
            throw new IllegalArgumentException("bad number");
        }
        double parsed;
        try {
            parsed = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number");
        }
        if (!Double.isFinite(parsed)) {
            throw new IllegalArgumentException("number out of range");
        }
        return parsed;
    }

    private static double mass(String token) {
        double parsed = number(token);
        if (parsed < 0) {
            throw new IllegalArgumentException("negative mass");
        }
        return parsed;
    }
}
