package io.grapevine.core.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.admin.AdminException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.Test;

public class HttpRepliesTest {

    @Test
    public void queriesDecodeAsTheServletWouldFirstValueFirst() throws AdminException {
        assertEquals(Map.of(), HttpReplies.query(withQuery(null)));
        assertEquals(Map.of("to", "1-0-n.1", "flag", "", "a b", "c/d é"),
                HttpReplies.query(withQuery("to=1-0-n.1&flag&&a+b=c%2Fd%20%C3%A9&to=second")));
    }

    @Test
    public void malformedQueriesAre400WithTheirReason() {
        for (String query : new String[] {"a=%zz", "%zz=1", "a=%", "a=%4", "a=%C3%28", "a=é"}) {
            AdminException e = assertThrows(query, AdminException.class, () -> HttpReplies.query(withQuery(query)));
            assertEquals(400, e.status());
            assertTrue(e.getMessage(), e.getMessage().startsWith("malformed query parameter"));
        }
    }

    @Test
    public void reasonsAreOneShortLine() {
        assertEquals("a b c", HttpReplies.oneLine(" a\n b\tc "));
        assertEquals(303, HttpReplies.oneLine("x".repeat(100_000)).length());
    }

    private static HttpServletRequest withQuery(String query) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getQueryString")) {
                        return query;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
