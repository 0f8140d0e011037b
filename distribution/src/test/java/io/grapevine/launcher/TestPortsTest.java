package io.grapevine.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

public class TestPortsTest {
    @Test
    public void aBlockIsHeldConsecutiveAndBelowThePortsTheSystemHandsOut() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeral = Files.isReadable(range)
                ? Integer.parseInt(Files.readAllLines(range).get(0).strip().split("\\s+")[0]) : 32768;
        for (int i = 0; i < 20; i++) {
            try (TestPorts.Block block = TestPorts.reserve(3)) {
                assertEquals(3, block.sockets().size());
                assertTrue(block.base() + " is a port the system may give a connection",
                        block.base() >= 10_000 && block.base() + 2 < ephemeral);
                for (int port = block.base(); port < block.base() + 3; port++) {
                    assertFalse("held: " + port, HttpPort.free(port));
                }
            }
        }
    }
}
