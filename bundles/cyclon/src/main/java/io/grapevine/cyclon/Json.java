package io.grapevine.cyclon;

import java.util.Collection;

/** Just enough JSON for the status page: quoted strings and arrays of them. */
final class Json {
    private Json() {
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String strings(Collection<String> texts) {
        return "[" + String.join(",", texts.stream().map(Json::quote).toList()) + "]";
    }
}
