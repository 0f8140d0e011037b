package io.grapevine.core.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonParseException;
import org.junit.Test;

public class JsonTest {

    @Test
    public void nestingUpToTheBoundParses() {
        assertEquals(1, Json.parse(nested(Json.MAX_DEPTH, "[", "1", "]")).getAsJsonArray().size());
        assertEquals("{\"a\":1,\"b\":[true,null]}", Json.parse("{\"a\":1,\"b\":[true,null]}").toString());
        assertEquals("\"x\"", Json.parse("\"x\"").toString());
    }

    @Test
    public void deeperNestingIsRefusedBeforeParsing() {
        for (String deep : new String[] {nested(Json.MAX_DEPTH + 1, "[", "1", "]"), nested(10_000, "[", "", "]"),
            nested(10_000, "{\"a\":", "1", "}"), "{\"a\":" + nested(10_000, "[", "", "]") + "}"}) {
            JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse(deep));
            assertTrue(e.getMessage(), e.getMessage().contains("nested deeper than " + Json.MAX_DEPTH));
        }
    }

    @Test
    public void lenientQuotesAndCommentsHideNoNesting() {
        // Gson's lenient mode, which parseString uses, takes single quotes and comments: a scan that
        // only knew double quotes would take the brackets below for a string and let them through.
        String deep = nested(10_000, "[", "", "]");
        for (String hidden : new String[] {"['\"', " + deep + ", '\"']", "/* \" */ " + deep + " /* \" */",
            "[# \"\n" + deep + "]"}) {
            assertThrows(hidden.substring(0, 12), JsonParseException.class, () -> Json.parse(hidden));
        }
    }

    @Test
    public void malformedJsonIsAParseException() {
        assertThrows(JsonParseException.class, () -> Json.parse("[1, 2"));
        assertThrows(JsonParseException.class, () -> Json.parse("{\"a\" 1}"));
    }

    private static String nested(int depth, String open, String inner, String close) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }
}
