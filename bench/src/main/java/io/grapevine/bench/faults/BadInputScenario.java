package io.grapevine.bench.faults;

import com.google.gson.JsonElement;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Bad input: at least 10,000 generated malformed and hostile requests ({@link Fuzzer}, fixed seed)
 * over every endpoint of a real node running a module, each from its own loopback address (so the
 * login back-off does not turn them all into 429s). Outcome: no 5xx, the node alive, and its
 * configuration, history, trust root and keyring as before.
 */
public final class BadInputScenario {
    // Most requests are answered at once; a few (a body that never comes, HTTP/0.9) wait for a deadline, idle.
    private static final int THREADS = 16;

    private BadInputScenario() {
    }

    public static Outcome run(Settings settings) throws Exception {
        int count = (int) settings.option("requests", 10_000);
        Outcome outcome = new Outcome("bad input", 1, String.format(Locale.ROOT,
                "%,d generated malformed and hostile requests (seed %d) over %d endpoints, with and without the cluster key",
                count, settings.seed(), Fuzzer.ENDPOINTS.size()));
        try (FaultCluster cluster = FaultCluster.loopback(new FaultCluster.Plan(settings.home(), 1,
                FaultCluster.SMALL_JVM))) {
            FaultNode node = cluster.get(0);
            String d = node.deploy(Bundles.example(settings.home(), "counter-1.0.0.jar"));
            cluster.awaitAllOn(d, Duration.ofMinutes(2));
            String before = snapshot(node);
            List<String> shas = new ArrayList<>();
            for (JsonElement m : node.status().getAsJsonArray("modules")) {
                shas.add(m.getAsJsonObject().get("sha256").getAsString());
            }
            String address = node.address();
            Fuzzer.Target target = new Fuzzer.Target(address.substring(0, address.lastIndexOf(':')),
                    Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), FaultNode.PASSWORD,
                    cluster.files().keyring(), "io.grapevine.example.counter", shas,
                    node.get("/core/config").toString(), cluster.files().keyring().primary());
            List<Fuzzer.Request> requests = new Fuzzer(settings.seed(), target).generate(count);
            Map<String, Map<Integer, Integer>> counts = new TreeMap<>();
            List<String> unexpected = new ArrayList<>(); // 5xx and unanswered requests, for the report
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            long start = System.nanoTime();
            int[] sent = {0};
            for (int i = 0; i < requests.size(); i++) {
                Fuzzer.Request request = requests.get(i);
                // A request with the right password needs its own address to reach the check of its body
                // (PBKDF2 costs ~50 ms); the rest share 200 addresses, which the back-off soon answers with 429.
                String source = request.carries(FaultNode.PASSWORD) ? "127.1." + (i / 250) + "." + (1 + i % 250)
                        : "127.2.0." + (1 + i % 200);
                done.add(pool.submit(() -> {
                    for (Fuzzer.Request r = request; r != null; r = r.replay()) {
                        int status;
                        String body;
                        long sentAt = System.nanoTime();
                        try {
                            RawHttp.Answer answer = RawHttp.send(target.host(), target.port(), source, r.head(), r.body(),
                                    r.sendBody());
                            status = answer.status();
                            body = answer.status() > 0 || answer.readError() == null ? answer.body()
                                    : answer.readError() + " after " + answer.body().length() + " bytes";
                        } catch (java.io.IOException e) {
                            status = -1;
                            body = e.toString();
                        }
                        long ms = (System.nanoTime() - sentAt) / 1_000_000;
                        synchronized (counts) {
                            sent[0]++;
                            counts.computeIfAbsent(r.endpoint() + (r != request ? " (replayed)" : ""),
                                    k -> new TreeMap<>()).merge(status, 1, Integer::sum);
                            if ((status >= 500 && status != 505 || status <= 0) && unexpected.size() < 20) {
                                unexpected.add((status <= 0 ? "no answer" : status) + " after " + ms + " ms from " + source
                                        + " for " + new String(r.head(), 0, Math.min(200, r.head().length),
                                        java.nio.charset.StandardCharsets.ISO_8859_1).replace("\r\n", " | ") + " -> "
                                        + body.substring(0, Math.min(300, body.length())).replaceAll("\\s+", " "));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.MINUTES);
            }
            pool.shutdown();
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            int fivexx = 0;
            int jettyVersion = 0;
            int noAnswer = 0;
            StringBuilder line = new StringBuilder("[measure] bad input by endpoint and status:");
            for (var e : counts.entrySet()) {
                line.append(' ').append(e.getKey()).append(' ').append(e.getValue());
                for (var s : e.getValue().entrySet()) {
                    fivexx += s.getKey() >= 500 && s.getKey() != 505 ? s.getValue() : 0;
                    jettyVersion += s.getKey() == 505 ? s.getValue() : 0;
                    noAnswer += s.getKey() <= 0 ? s.getValue() : 0;
                }
            }
            System.out.println(line);
            outcome.detail(line.substring("[measure] ".length()));
            unexpected.forEach(e -> outcome.detail("unexpected: " + e));
            outcome.check(fivexx == 0, fivexx + " answers were 5xx of " + sent[0] + " requests sent in " + seconds + " s"
                    + " (not counting 505)");
            outcome.detail(jettyVersion + " answers were 505 HTTP Version Not Supported, by Jetty, before any Grapevine code,"
                    + " to request lines of HTTP/0.9 or HTTP/9.9: the status RFC 9110 prescribes for them");
            outcome.check(noAnswer == 0, noAnswer + " requests got no HTTP answer (connection closed or failed)");
            boolean alive = node.alive() && node.runs(d);
            outcome.check(alive, "the node still runs, on its deployment with its module running");
            String after = snapshot(node);
            outcome.check(before.equals(after), "configuration, history, trust root and keyring unchanged"
                    + (before.equals(after) ? "" : ": before " + before + " after " + after));
            long exceptions = Files.readAllLines(node.log()).stream().filter(l -> l.contains("Exception")).count();
            outcome.detail(exceptions + " log lines name an exception");
            outcome.figure(String.format(Locale.ROOT, "%,d requests: %d × 5xx (and %d × 505 from Jetty for HTTP/0.9 and"
                    + " /9.9), %d unanswered, %d crashes, %d state changes", sent[0], fivexx, jettyVersion, noAnswer,
                    alive ? 0 : 1, before.equals(after) ? 0 : 1));
            outcome.detail("roster after: " + node.status().get("clusterSize") + " members");
        } catch (Exception e) {
            outcome.fail("the scenario broke off: " + e);
        }
        return outcome;
    }

    /** What must not change: config, history, trust root, keyring (ids and the primary). */
    static String snapshot(FaultNode node) throws Exception {
        String keys = node.send(HttpRequest.newBuilder(URI.create(node.url("/core/keys"))).GET(), true).body();
        return node.get("/core/config") + "\n" + node.get("/core/history") + "\n" + node.get("/core/trust") + "\n" + keys;
    }
}
