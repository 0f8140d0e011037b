package io.grapevine.itest;

import static org.junit.Assert.assertTrue;

import io.grapevine.bench.faults.BadInputScenario;
import io.grapevine.bench.faults.Outcome;
import io.grapevine.bench.faults.Settings;
import io.grapevine.itest.support.Distribution;
import java.util.Map;
import org.junit.Test;

/**
 * Malformed and hostile requests generated with a fixed seed over every endpoint of a real
 * node (/core/status, config, history, events, metrics, bundles, gossip, deployments as jar and as
 * JSON, rollback, proposals, trust, keys, roster, module paths, broken HTTP framing), with and
 * without the cluster key: forged, unsigned, replayed and oversized gossip included. Counts by
 * endpoint and status are a {@code [measure]} line. No 5xx (Jetty's 505 for an HTTP/0.9 or /9.9
 * request line is counted apart), the node alive, its configuration, history, trust root and
 * keyring unchanged.
 */
public class BadInputFuzzTest {
    /**
     * CI's size: each request with a credential costs the node a PBKDF2 check, ~35 ms of a core;
     * {@code bench/scripts/faults.sh --scenarios input} sends the full 10,000 (bench/RESULTS.md).
     */
    private static final int REQUESTS = 2_000;

    @Test
    public void hostileRequestsOverEveryEndpointGetNo5xxAndChangeNothing() throws Exception {
        Outcome outcome = BadInputScenario.run(new Settings(Distribution.home(), 1, 42, null,
                Map.of("requests", Integer.toString(REQUESTS))));
        System.out.println(outcome.summary());
        assertTrue(outcome.summary(), outcome.passed());
    }
}
