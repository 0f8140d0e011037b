package io.grapevine.module.support;

import java.util.Collection;

/** The little JSON the modules' status pages need, written by hand: no JSON library in a module bundle. */
public final class Json {
    private Json() {
    }

    public static String string(String value) {
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

    public static String strings(Collection<String> values) {
        return "[" + String.join(",", values.stream().map(Json::string).toList()) + "]";
    }

    /** A number, or {@code null} for infinity and NaN (JSON has neither). */
    public static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "null";
    }
}
