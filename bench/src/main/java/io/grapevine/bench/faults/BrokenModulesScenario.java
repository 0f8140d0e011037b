package io.grapevine.bench.faults;

import io.grapevine.bench.faults.modules.BrokenModule;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every module broken: on every node one module throws (timer, handler, state hand-over), one
 * hangs in {@code start}, one floods its peers (bounded by the core) and holds its handler; a fix of
 * each, deployed at a random node, must reach every node, and the core must answer throughout
 * (every {@code /core/status}, sampled at random nodes, answered; its p99 is the figure).
 */
public final class BrokenModulesScenario {
    private static final List<String> MODES = List.of("throws", "hangs", "floods");

    private BrokenModulesScenario() {
    }

    static String name(String mode) {
        return "io.grapevine.faults." + mode.replace("s", "") + "er";
    }

    static byte[] jar(String mode, String version, String behaviour) throws Exception {
        return Bundles.module(name(mode), version, BrokenModule.class, Map.of("mode.txt", behaviour), 0);
    }

    public static Outcome run(Settings settings) throws Exception {
        int n = settings.nodesOr(10);
        Random random = new Random(settings.seed());
        long exchanges = settings.option("module-exchanges", 0);
        Outcome outcome = new Outcome("every module broken", n, "on every node one module throws (timer, handler, "
                + "hand-over), one hangs in start, one floods its peers and holds its handler"
                + (exchanges > 0 ? " (up to `grapevine.module.exchanges.per.second` = " + exchanges + ")" : "")
                + "; a fix of each deployed at a random node; /core/status sampled at random nodes throughout");
        String javaOpts = FaultCluster.SMALL_JVM
                + (exchanges > 0 ? " -Dgrapevine.module.exchanges.per.second=" + exchanges : "");
        try (FaultCluster cluster = FaultCluster.loopback(new FaultCluster.Plan(settings.home(), n, Math.max(1, n / 10),
                javaOpts, i -> Map.of()))) {
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> sample(cluster, new Random(settings.seed() + 1), sampling, latencies,
                    failures), "status-sampler");
            sampler.start();
            String last = null;
            long brokenStart = System.nanoTime();
            for (String mode : MODES) {
                last = cluster.get(random.nextInt(n)).deploy(jar(mode, "1.0.0", mode));
            }
            String brokenAll = last;
            awaitAdopted(cluster, brokenAll, Duration.ofMinutes(3));
            outcome.detail("the broken modules adopted by all " + n + " nodes "
                    + (System.nanoTime() - brokenStart) / 1_000_000 + " ms after the first deploy request");
            states(cluster, outcome, "while broken");
            long fixStart = System.nanoTime();
            List<String> madeAt = new ArrayList<>();
            for (String mode : MODES) {
                FaultNode at = cluster.get(random.nextInt(n));
                last = at.deploy(jar(mode, "2.0.0", "fixed"));
                madeAt.add(name(mode) + " at " + at.nodeId());
            }
            cluster.awaitAllOn(last, Duration.ofMinutes(5));
            long fixedMs = (System.nanoTime() - fixStart) / 1_000_000;
            outcome.check(true, "the fixes (" + String.join(", ", madeAt) + ") run on all " + n + " nodes, every module "
                    + "running, " + fixedMs + " ms after the first fix was requested");
            for (FaultNode node : cluster.nodes()) {
                for (String mode : MODES) {
                    HttpResponse<String> answer = node.send(HttpRequest.newBuilder(URI.create(node.url("/" + name(mode)
                            + "/"))).GET(), false);
                    outcome.check(answer.statusCode() == 200 && answer.body().contains("fixed"),
                            node.nodeId() + " serves the fixed " + name(mode) + ": " + answer.statusCode());
                    if (answer.statusCode() != 200) {
                        break;
                    }
                }
            }
            sampling.set(false);
            sampler.join();
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            outcome.check(failures.isEmpty(), failures.size() + " of " + (sorted.size() + failures.size())
                    + " /core/status requests not answered 200 within 10 s" + (failures.isEmpty() ? ""
                    : ": " + failures.subList(0, Math.min(5, failures.size()))));
            if (!sorted.isEmpty()) {
                outcome.figure(String.format(Locale.ROOT, "/core/status p50 %d ms, p99 %d ms, max %d ms over %d requests;"
                        + " fixes on all nodes after %.1f s", sorted.get(sorted.size() / 2),
                        sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1), sorted.size(),
                        fixedMs / 1000.0));
            }
        } catch (Exception e) {
            outcome.fail("the scenario broke off: " + e);
        }
        return outcome;
    }

    /** Waits until every node's configuration is {@code deployment} (its modules may be failed). */
    private static void awaitAdopted(FaultCluster cluster, String deployment, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (FaultNode node : cluster.nodes()) {
            while (!deployment.equals(node.deploymentOrNull())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(node.nodeId() + " never adopted " + deployment);
                }
                Thread.sleep(100); // polling interval
            }
        }
    }

    private static void states(FaultCluster cluster, Outcome outcome, String when) throws Exception {
        Map<String, Integer> seen = new java.util.TreeMap<>();
        for (FaultNode node : cluster.nodes()) {
            for (var m : node.status().getAsJsonArray("modules")) {
                var module = m.getAsJsonObject();
                String reason = module.has("reason") && !module.get("reason").isJsonNull()
                        ? " (" + module.get("reason").getAsString().replaceAll("[0-9]+", "N") + ")" : "";
                seen.merge(module.get("name").getAsString() + " " + module.get("state").getAsString() + reason, 1,
                        Integer::sum);
            }
        }
        outcome.detail("module states " + when + ", counted over the nodes: " + seen);
    }

    private static void sample(FaultCluster cluster, Random random, AtomicBoolean running, List<Long> latencies,
            List<String> failures) {
        while (running.get()) {
            FaultNode node = cluster.get(random.nextInt(cluster.size()));
            long start = System.nanoTime();
            try {
                HttpResponse<String> answer = node.send(HttpRequest.newBuilder(URI.create(node.url("/core/status")))
                        .timeout(Duration.ofSeconds(10)).GET(), false);
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (answer.statusCode() == 200 && ms <= 10_000) {
                    latencies.add(ms);
                } else {
                    failures.add(node.nodeId() + " " + answer.statusCode() + " after " + ms + " ms");
                }
            } catch (Exception e) {
                failures.add(node.nodeId() + " " + e);
            }
            try {
                Thread.sleep(50); // one sample every 50 ms
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
