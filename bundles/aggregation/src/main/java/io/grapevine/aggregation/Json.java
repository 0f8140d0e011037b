package io.grapevine.aggregation;

/** The little JSON the status page needs, written by hand. */
final class Json {
    private Json() {
    }

    /** A number, or {@code null} for infinity and NaN (JSON has neither). */
    static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "null";
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
