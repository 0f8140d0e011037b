package io.grapevine.broadcast;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.grapevine.api.layer.Estimate;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** The pure parts: fanout, coverage model, choice of N, id memory, wire format. */
public class BroadcastFormulasTest {

    @Test
    public void fanoutIsCeilLnNPlusCWithinBounds() {
        Object[][] table = {
            // n, c, max, fanout
            {1.0, 2.0, 32, 0}, {2.0, 2.0, 32, 1}, {5.0, 2.0, 32, 4}, {20.0, 2.0, 32, 5}, {100.0, 2.0, 32, 7},
            {1000.0, 2.0, 32, 9}, {1e6, 2.0, 32, 16}, {1e6, 2.0, 10, 10}, {100.0, 0.0, 32, 5}, {100.0, 5.0, 32, 10},
            {Double.NaN, 2.0, 32, 0},
        };
        for (Object[] row : table) {
            assertEquals(java.util.Arrays.toString(row), (int) row[3],
                    Coverage.fanout((double) row[0], (double) row[1], (int) row[2]));
        }
    }

    @Test
    public void coverageModelStartsAtTheOriginAndEndsAtTheEpidemicsFinalSize() {
        assertEquals(0.01, Coverage.reached(100, 7, 0), 1e-12);
        assertEquals(1.0, Coverage.reached(1, 7, 0), 0);
        double previous = 0;
        for (double hops = 0; hops <= 10; hops += 0.5) {
            double x = Coverage.reached(100, 7, hops);
            assertTrue(x >= previous);
            previous = x;
        }
        // The limit solves 1 - x = (1 - 1/n) (1 - f/(n-1))^(x n): the origin has it, the others
        // were missed by all x n forwarders.
        for (double[] nf : new double[][] {{100, 7}, {100, 3}, {1000, 9}, {20, 5}}) {
            double x = Coverage.finalReach(nf[0], nf[1]);
            assertEquals(1 - (1 - 1 / nf[0]) * Math.pow(1 - nf[1] / (nf[0] - 1), x * nf[0]), x, 1e-9);
        }
        assertEquals(0.9993, Coverage.finalReach(100, 7), 0.0002);
        assertEquals(1.0, Coverage.finalReach(10, 9), 1e-12); // everyone forwards to everyone
    }

    @Test
    public void theOriginsEstimateUsesItsAnswersAndTheTime() {
        DeliveryRate rate = new DeliveryRate();
        PublicationStats stats = new PublicationStats("m", 1000, 100, rate);
        for (int i = 0; i < 7; i++) {
            stats.countSent();
        }
        assertEquals(0.01, Coverage.estimate(stats, 5000), 1e-12); // no answer yet: only the origin
        stats.countAnswer(true, 10);
        rate.record(true);
        assertEquals(Coverage.reached(100, 7, 1), Coverage.estimate(stats, 1010), 1e-12);
        assertEquals(Coverage.finalReach(100, 7), stats.coverage(10_000), 1e-9);
        for (int i = 0; i < 6; i++) {
            rate.record(false); // most peers sampled lately were dead: fewer forwards count
        }
        assertEquals(Coverage.finalReach(100, 7 * 2.0 / 8), Coverage.estimate(stats, 10_000), 1e-9);
        assertEquals(Coverage.finalReach(100, 7), stats.coverage(10_001), 1e-9); // what is reported never goes down
        assertEquals(1.0, Coverage.estimate(new PublicationStats("alone", 0, 1, rate), 0), 0);
    }

    @Test
    public void nComesFromThePreciseCountElseTheViewElseTheCore() {
        assertEquals(new NetworkSize(98.5, "aggregation count"), NetworkSize.choose(new Estimate(98.5, 2), 40, 5, 0.5));
        assertEquals(new NetworkSize(41, "membership view"), NetworkSize.choose(new Estimate(98.5, 60), 40, 5, 0.5));
        assertEquals(new NetworkSize(41, "membership view"),
                NetworkSize.choose(new Estimate(1, Double.POSITIVE_INFINITY), 40, 5, 0.5));
        assertEquals(new NetworkSize(6, "core peers"), NetworkSize.choose(null, -1, 5, 0.5));
        assertEquals(new NetworkSize(6, "core peers"), NetworkSize.choose(null, 0, 5, 0.5));
        assertEquals(new NetworkSize(1, "core peers"), NetworkSize.choose(new Estimate(0.2, 0), -1, 0, 0.5));
    }

    @Test
    public void idsAreRememberedForABoundedTimeAndCount() {
        SeenIds seen = new SeenIds(1000, 3);
        assertTrue(seen.firstTime("a", 0));
        assertFalse(seen.firstTime("a", 999));
        assertTrue(seen.firstTime("a", 1000)); // forgotten after its retention
        assertTrue(seen.firstTime("b", 1001));
        assertTrue(seen.firstTime("c", 1002));
        assertTrue(seen.firstTime("d", 1003)); // over 3: the oldest ("a") goes
        assertEquals(3, seen.size(1003));
        assertEquals(1, seen.forgottenEarly());
        assertTrue(seen.firstTime("a", 1004));
        assertFalse(seen.firstTime("d", 1005));
        assertEquals(0, seen.size(5000));
    }

    @Test
    public void deliveryRateIsOverTheLastOutcomes() {
        DeliveryRate rate = new DeliveryRate();
        assertEquals(1.0, rate.value(), 0);
        rate.record(false);
        assertEquals(0.5, rate.value(), 0);
        for (int i = 0; i < DeliveryRate.WINDOW; i++) {
            rate.record(true);
        }
        assertEquals(1.0, rate.value(), 0);
    }

    @Test
    public void messagesSurviveTheWireAndGarbageIsRefused() {
        byte[] payload = {0, 10, (byte) 255, '\n', 'x'};
        BroadcastCodec.Message message = new BroadcastCodec.Message("node.1-abc-1f", 3, payload);
        BroadcastCodec.Message back = BroadcastCodec.decode(BroadcastCodec.encode(message), 16);
        assertEquals(message.id(), back.id());
        assertEquals(3, back.hops());
        assertEquals(java.util.Arrays.toString(payload), java.util.Arrays.toString(back.payload()));
        assertTrue(BroadcastCodec.decodeAnswer(BroadcastCodec.encodeAnswer(true)));
        assertFalse(BroadcastCodec.decodeAnswer(BroadcastCodec.encodeAnswer(false)));

        String[] bad = {"", "msg", "msg a 1", "msg a 1 2\n", "msg  1\n", "bcast a 1\n", "msg a -1\n", "msg a 256\n",
            "msg a 1x\n", "msg a/b 1\n", "msg " + "a".repeat(201) + " 1\n", "msg a 1" + " ".repeat(300) + "\n",
            "msg a 1\n" + "x".repeat(17), "msg \u00e9 1\n"};
        for (String text : bad) {
            try {
                BroadcastCodec.decode(text.getBytes(StandardCharsets.UTF_8), 16);
                fail("accepted: " + text);
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().contains("\n"));
            }
        }
        for (String answer : new String[] {"", "new", "NEW\n", "dup\n\n", "maybe\n"}) {
            try {
                BroadcastCodec.decodeAnswer(answer.getBytes(StandardCharsets.US_ASCII));
                fail("accepted answer: " + answer);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }
}
