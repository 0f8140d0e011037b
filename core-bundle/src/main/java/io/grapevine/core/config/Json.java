package io.grapevine.core.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;

/** The one Gson the core uses: nulls kept (a missing deployment is {@code null}, not absent). */
public final class Json {
    public static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    /** Deeper than any message of the core (about 5 levels); a peer's deeper JSON is refused unparsed. */
    public static final int MAX_DEPTH = 32;

    private Json() {
    }

    /**
     * {@link JsonParser#parseString} for JSON from the network: refuses nesting deeper than
     * {@link #MAX_DEPTH} first, with {@link JsonParseException}. Gson parses any depth, but printing
     * or walking a tree 10,000 levels deep overflows the stack.
     */
    public static JsonElement parse(String json) {
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.LENIENT); // as parseString reads it
            int depth = 0;
            do {
                switch (reader.peek()) {
                    case BEGIN_ARRAY -> { reader.beginArray(); depth++; }
                    case BEGIN_OBJECT -> { reader.beginObject(); depth++; }
                    case END_ARRAY -> { reader.endArray(); depth--; }
                    case END_OBJECT -> { reader.endObject(); depth--; }
                    case NAME -> reader.nextName(); // skipValue would skip the value too, unscanned
                    default -> reader.skipValue();
                }
                if (depth > MAX_DEPTH) {
                    throw new JsonParseException("JSON nested deeper than " + MAX_DEPTH + " levels");
                }
            } while (depth > 0);
        } catch (IOException e) {
            throw new JsonSyntaxException(e.getMessage(), e);
        }
        return JsonParser.parseString(json);
    }
}
