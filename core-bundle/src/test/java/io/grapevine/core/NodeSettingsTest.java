package io.grapevine.core;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class NodeSettingsTest {

    @Test
    public void defaultsWorkWithNoPropertiesAtAll() {
        NodeSettings settings = NodeSettings.from(key -> null);
        assertEquals("127.0.0.1:8080", settings.address());
        assertEquals(Path.of("data").toAbsolutePath(), settings.dataDir());
        assertEquals(List.of(), settings.rendezvous());
    }

    @Test
    public void aModuleMayStartAHundredExchangesASecondUnlessTheOperatorSaysOtherwiseAndAtLeastOne() {
        assertEquals(100, NodeSettings.from(key -> null).moduleExchangesPerSecond());
        assertEquals(2, NodeSettings.from(Map.of(NodeSettings.MODULE_EXCHANGES, "2")::get).moduleExchangesPerSecond());
        IllegalArgumentException zero = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> NodeSettings.from(Map.of(NodeSettings.MODULE_EXCHANGES, "0")::get));
        org.junit.Assert.assertTrue(zero.getMessage(), zero.getMessage().contains(NodeSettings.MODULE_EXCHANGES));
    }

    @Test
    public void readsTheLaunchersProperties() {
        Map<String, String> props = Map.of(NodeSettings.NODE_ID, "n1", NodeSettings.ADDRESS, "h:9000",
                NodeSettings.DATA, "/tmp/x", NodeSettings.RENDEZVOUS, " a:1, ,b:2 ");
        NodeSettings settings = NodeSettings.from(props::get);
        assertEquals("n1", settings.nodeId());
        assertEquals("h:9000", settings.address());
        assertEquals(List.of("a:1", "b:2"), settings.rendezvous());
    }
}
