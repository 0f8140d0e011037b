package io.grapevine.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** What Grapevine nodes sent, from their {@code /core/metrics}: the cores' and the modules' messages and bytes. */
final class NodeTraffic implements Idle.Traffic {
    private final List<String> urls;
    private long[] opened;
    private long openedNanos;

    NodeTraffic(List<String> urls) {
        this.urls = urls;
    }

    @Override
    public void open() throws Exception {
        openedNanos = System.nanoTime();
        opened = sent();
    }

    @Override
    public double[] close(long openedAtMs, long closedAtMs) throws Exception {
        long[] closed = sent();
        double seconds = (System.nanoTime() - openedNanos) / 1e9; // from scrape to scrape
        return new double[] {(closed[0] - opened[0]) / seconds, (closed[1] - opened[1]) / seconds};
    }

    /** Core messages sent so far, over all {@code urls}. */
    static long coreMessagesSent(List<String> urls) throws Exception {
        long messages = 0;
        for (String url : urls) {
            messages += NodeClient.sum(NodeClient.metricsText(url).get(10, TimeUnit.SECONDS),
                    "grapevine_core_messages_sent_total ");
        }
        return messages;
    }

    /** Messages and bytes sent so far, over all nodes. */
    private long[] sent() throws Exception {
        long messages = 0;
        long bytes = 0;
        for (String url : urls) {
            String text = NodeClient.metricsText(url).get(10, TimeUnit.SECONDS);
            messages += NodeClient.sum(text, "grapevine_core_messages_sent_total ")
                    + NodeClient.sum(text, "grapevine_module_messages_sent_total{");
            bytes += NodeClient.sum(text, "grapevine_core_bytes_sent_total ")
                    + NodeClient.sum(text, "grapevine_module_bytes_sent_total{");
        }
        return new long[] {messages, bytes};
    }
}
