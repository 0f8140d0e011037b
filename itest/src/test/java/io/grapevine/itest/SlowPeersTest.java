package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.google.gson.JsonParser;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import io.grapevine.itest.support.SlowClients;
import io.grapevine.itest.support.SlowClients.Plan;
import io.grapevine.itest.support.SlowClients.Tally;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue [J], "the core stays reachable whatever peers do", on a real node with the distribution's
 * HTTP limits: peers that send their requests slowly are cut off, and hold none of the threads
 * that answer everyone else meanwhile. Needs {@code ulimit -n} of at least {@value #FILES} (the
 * attack keeps 600 sockets open at each end; the node inherits this JVM's limit), else it is
 * skipped with a message.
 */
public class SlowPeersTest {
    private static final int FILES = 2048;
    private static final int BODIES = 300;
    private static final int HEADERS = 300;
    /** {@code org.apache.felix.http.timeout} in the distribution's {@code conf/framework.properties}. */
    private static final Duration IDLE = Duration.ofSeconds(5);
    /** The core's defaults: a body of n bytes must be whole 3 s + n / 64 KiB/s after its request. */
    private static final long BODY_BASE_MS = 3000;
    private static final long BODY_RATE = 65536;
    private static final int DECLARED = 100_000;
    private static NodeProcess node;

    @BeforeClass
    public static void startNode() throws Exception {
        assumeTrue("SlowPeersTest SKIPPED: needs ulimit -n >= " + FILES + ", this shell has " + openFilesLimit(),
                openFilesLimit() >= FILES);
        node = NodeProcess.start("slow-peers", List.of(), List.of("-Dgrapevine.module.call.timeout.ms="
                + IDLE.plusSeconds(3).toMillis()));
    }

    @AfterClass
    public static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void slowBodiesAndUnfinishedHeadersAreCutWhileStatusAnswers() throws Exception {
        List<Plan> plans = List.of(
                // the measured attack: a gossip body that trickles one byte every 5 s
                new Plan("body", BODIES, "POST /core/gossip HTTP/1.1\r\nHost: n\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + DECLARED + "\r\n\r\n{", " ", Duration.ofSeconds(5)),
                // slowloris, silent longer than the idle timeout between its lines
                new Plan("headers-silent", HEADERS / 2, "GET /core/status HTTP/1.1\r\nHost: n\r\n", "X-a: b\r\n",
                        IDLE.plusSeconds(1)),
                // slowloris that talks faster than the idle timeout: stopped by the header size limit
                new Plan("headers-chatty", HEADERS / 2, "GET /core/status HTTP/1.1\r\nHost: n\r\n",
                        "X-Pad: " + "p".repeat(1000) + "\r\n", Duration.ofSeconds(2)));
        List<Long> micros = new ArrayList<>();
        try (SlowClients attack = SlowClients.start(node.port(), plans)) {
            for (int i = 0; i < 100; i++) {
                long start = System.nanoTime();
                HttpResponse<String> status = Http.get(node.url("/core/status"));
                long took = (System.nanoTime() - start) / 1000;
                assertEquals(200, status.statusCode());
                assertTrue("status answered within 5 s, not " + took / 1000 + " ms", took < 5_000_000);
                micros.add(took);
                Thread.sleep(100); // spread over the attack, through the first wave of cuts
            }
            Await.until("every first-wave attack connection cut", Duration.ofSeconds(60),
                    () -> plans.stream().allMatch(p -> attack.tally(p.name()).firstCut() == p.count()) ? true : null);
            Tally body = attack.tally("body");
            System.out.println("[measure] attack: body " + body + "; headers-silent " + attack.tally("headers-silent")
                    + "; headers-chatty " + attack.tally("headers-chatty"));
            assertTrue(body.toString(), body.answers().getOrDefault("HTTP/1.1 408 Request Timeout", 0) > 0);
            assertTrue(attack.tally("headers-chatty").toString(), attack.tally("headers-chatty").answers()
                    .keySet().stream().anyMatch(line -> line.startsWith("HTTP/1.1 431")));
        }
        Collections.sort(micros);
        System.out.printf("[measure] GET /core/status under %d slow-body + %d slow-header connections: "
                + "p50 %.1f ms, p99 %.1f ms, max %.1f ms (100 requests)%n", BODIES, HEADERS, micros.get(49) / 1000.0,
                micros.get(98) / 1000.0, micros.get(99) / 1000.0);
        assertTrue(metric("slow-body") >= BODIES);
    }

    @Test
    public void aBodyTrickledFasterThanTheIdleTimeoutIsCutAtItsDeadline() throws Exception {
        long deadline = BODY_BASE_MS + DECLARED * 1000L / BODY_RATE;
        double before = metric("slow-body");
        long start = System.nanoTime(); // before the request is sent, so the time measured is never short
        try (SlowClients one = SlowClients.start(node.port(), List.of(new Plan("body", 1,
                "POST /io.grapevine.example.none/x HTTP/1.1\r\nHost: n\r\nContent-Length: " + DECLARED + "\r\n\r\n",
                "x", Duration.ofMillis(500))))) {
            Await.until("the slow body cut", Duration.ofMillis(deadline + 3000),
                    () -> one.tally("body").firstCut() == 1 ? true : null);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue("cut after its deadline of " + deadline + " ms, not " + tookMs, tookMs >= deadline - 100);
            assertEquals(one.tally("body").toString(), Integer.valueOf(1),
                    one.tally("body").answers().get("HTTP/1.1 408 Request Timeout"));
        }
        assertTrue("counted as a slow-body refusal", metric("slow-body") >= before + 1);
    }

    @Test
    public void slowAnswersAreNotCutByTheIdleTimeoutNorTheBodyDeadline() throws Exception {
        // A handler that works longer than both (8 s against 5 s and 3 s), with nothing to read or
        // write meanwhile, still answers.
        String name = "io.grapevine.test.slowhandler";
        created(node.deploy(ModuleJars.faulty(name, "1.0.0", "request-hangs")));
        HttpResponse<String> hung = Http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(node.url("/" + name + "/hang"))).POST(
                java.net.http.HttpRequest.BodyPublishers.ofString("a body, read before the handler runs")), null, null);
        assertEquals(hung.body(), 503, hung.statusCode());
        String error = JsonParser.parseString(hung.body()).getAsJsonObject().get("error").getAsString();
        assertFalse(error.contains("\n"));
        assertTrue(error, error.contains("did not return"));
    }

    private static double metric(String reason) throws IOException, InterruptedException {
        String prefix = "grapevine_refusals_total{reason=\"" + reason + "\"} ";
        return Http.get(node.url("/core/metrics")).body().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).sum();
    }

    /** The soft limit on open files of this process (and so of the node it starts); unbounded when unknown. */
    private static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: assume enough
        }
        return Long.MAX_VALUE;
    }
}
