package io.grapevine.module.support;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

public class JsonTest {

    @Test
    public void stringsAreQuotedWithQuotesBackslashesAndControlCharactersEscaped() {
        assertEquals("\"a\\\"b\\\\c\\u000a\\u0000é\"", Json.string("a\"b\\c\n\u0000é"));
        assertEquals("[\"a:1\",\"b\\\"\"]", Json.strings(List.of("a:1", "b\"")));
        assertEquals("[]", Json.strings(List.of()));
    }

    @Test
    public void numbersThatJsonCannotHoldAreNull() {
        assertEquals("0.25", Json.number(0.25));
        assertEquals("null", Json.number(Double.NaN));
        assertEquals("null", Json.number(Double.NEGATIVE_INFINITY));
    }
}
