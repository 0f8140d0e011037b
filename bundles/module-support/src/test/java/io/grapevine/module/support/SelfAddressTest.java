package io.grapevine.module.support;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import org.junit.Test;

public class SelfAddressTest {

    @Test
    public void theNodesAddressComesFromTheCore() {
        assertEquals("10.1.2.3:9000", SelfAddress.of(Map.of("grapevine.address", "10.1.2.3:9000")::get));
        assertEquals("127.0.0.1:8181", SelfAddress.of(Map.of("org.osgi.service.http.port", "8181")::get));
        assertEquals("127.0.0.1:8080", SelfAddress.of(key -> null));
    }
}
