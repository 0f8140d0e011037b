package io.grapevine.module.support;

import static org.junit.Assert.assertEquals;

import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ExchangeRoutesTest {
    private final List<String> seen = new ArrayList<>();
    private final ExchangeRoutes<String> routes = new ExchangeRoutes<>("/view", "a peer's view", 8, this::decode,
            (peer, view) -> {
                seen.add(peer + " " + view);
                return "ours\n".getBytes(StandardCharsets.US_ASCII);
            }, () -> "{\"ok\":true}");

    private String decode(byte[] body) {
        String text = new String(body, StandardCharsets.US_ASCII);
        if (body.length > 8 || text.contains("bad")) {
            throw new IllegalArgumentException("bad view");
        }
        return text;
    }

    private ModuleResponse request(String method, String path, String body, String from) {
        return routes.handle(new ModuleRequest(method, path, Map.of(), body.getBytes(StandardCharsets.US_ASCII), from));
    }

    @Test
    public void aPeersRequestIsAnsweredByTheModule() {
        ModuleResponse answer = request("POST", "/view", "a:1 0\n", "a:1");
        assertEquals(200, answer.status());
        assertEquals("text/plain; charset=us-ascii", answer.contentType());
        assertEquals("ours\n", new String(answer.body(), StandardCharsets.US_ASCII));
        assertEquals(List.of("a:1 a:1 0\n"), seen);
        assertEquals(0, routes.refused());
    }

    @Test
    public void theStatusIsJsonForGetOnly() {
        ModuleResponse status = request("GET", "/status", "", null);
        assertEquals("application/json", status.contentType());
        assertEquals("{\"ok\":true}", new String(status.body(), StandardCharsets.UTF_8));
        assertEquals(405, request("POST", "/status", "", null).status());
        assertEquals(404, request("GET", "/other", "", null).status());
        assertEquals(0, routes.refused());
    }

    @Test
    public void whatIsNotAPeersRequestThatDecodesIsRefusedAndCounted() {
        assertEquals(400, request("POST", "/view", "a:1 0\n", null).status());
        assertEquals(400, request("GET", "/view", "", "a:1").status());
        ModuleResponse bad = request("POST", "/view", "bad", "a:1");
        assertEquals(400, bad.status());
        assertEquals("bad view\n", new String(bad.body(), StandardCharsets.UTF_8));
        assertEquals(413, request("POST", "/view", "123456789", "a:1").status());
        assertEquals(List.of(), seen);
        assertEquals(4, routes.refused());
    }
}
