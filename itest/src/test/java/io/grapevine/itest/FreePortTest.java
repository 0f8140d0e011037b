package io.grapevine.itest;

import static org.junit.Assert.assertTrue;

import io.grapevine.itest.support.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

public class FreePortTest {
    @Test
    public void portsComeFromBelowThePortsTheSystemHandsOut() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeral = Files.isReadable(range)
                ? Integer.parseInt(Files.readAllLines(range).get(0).strip().split("\\s+")[0]) : 32768;
        for (int i = 0; i < 20; i++) {
            int port = FreePort.next();
            assertTrue(port + " is a port the system may give a connection", port >= 10_000 && port < ephemeral);
        }
    }
}
