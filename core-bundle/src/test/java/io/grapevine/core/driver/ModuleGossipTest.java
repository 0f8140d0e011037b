package io.grapevine.core.driver;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.net.PeerClient;
import io.grapevine.core.telemetry.Metrics;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ModuleGossipTest {
    private static final String MODULE = "io.example.flooder";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void exchangesOverTheModulesBudgetFailAtOnceWithoutAStackWalkAndAreCounted() throws Exception {
        Metrics metrics = new Metrics();
        // A peer that takes the connection and never answers: the exchanges the budget lets
        // through stay in flight.
        try (ServerSocket silent = new ServerSocket(0);
                NodeDriver driver = StartedDriver.start(folder.getRoot().toPath(), metrics)) {
            ModuleGossip gossip = new ModuleGossip(new PeerClient("module", StartedDriver.SELF, false,
                    StartedDriver.KEYRING, 4), metrics, driver, 2);
            String peer = "127.0.0.1:" + silent.getLocalPort();
            DeploymentNumber ours = DeploymentNumber.parse("1-0-n0");
            // The bucket holds 2 and refills 2 a second: the exchanges before the first refusal are
            // 2 plus what refilled meanwhile (none unless this thread was held up).
            long started = System.nanoTime();
            int passed = 0;
            CompletableFuture<byte[]> refused = null;
            while (refused == null && passed < 32) {
                CompletableFuture<byte[]> next = gossip.exchange(MODULE, ours, peer, "/x", new byte[1],
                        Duration.ofSeconds(30));
                if (next.isCompletedExceptionally()) {
                    refused = next;
                } else {
                    passed++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(passed + " exchanges went out in " + seconds + " s", passed >= 2 && passed <= 2 + 2 * seconds);
            assertTrue("refused before it began", refused != null);
            Throwable refusal = cause(refused);
            assertEquals(MODULE + " exchanges more than 2 times a second", refusal.getMessage());
            assertEquals(0, refusal.getStackTrace().length);
            assertTrue(metrics.render(), metrics.render().contains(
                    Metrics.MODULE_REQUESTS_REFUSED + "{module=\"" + MODULE + "\"} 1\n"));
        }
    }

    @Test
    public void aModuleExchangeThatTimesOutMakesTheCoreProbeThePeerAndCountsIt() throws Exception {
        Metrics metrics = new Metrics();
        try (ServerSocket silent = new ServerSocket(0);
                NodeDriver driver = StartedDriver.start(folder.getRoot().toPath(), metrics)) {
            ModuleGossip gossip = new ModuleGossip(new PeerClient("module", StartedDriver.SELF, false,
                    StartedDriver.KEYRING, 4), metrics, driver, 100);
            String peer = "127.0.0.1:" + silent.getLocalPort();
            // The client says "request timed out" or, when it closes the connection first, "connection closed locally".
            assertTrue(cause(gossip.exchange(MODULE, DeploymentNumber.parse("1-0-n0"), peer, "/x", new byte[1],
                    Duration.ofMillis(200))).getMessage().startsWith("exchange with " + peer + " failed: "));
            String probes = Metrics.CORE_PROBES_SENT + " 1\n";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!metrics.render().contains(probes) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // a poll, bounded by the deadline
            }
            assertTrue(metrics.render(), metrics.render().contains(probes));
        }
    }

    private static Throwable cause(CompletableFuture<byte[]> future) throws InterruptedException {
        try {
            future.get();
            throw new AssertionError("not refused");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
