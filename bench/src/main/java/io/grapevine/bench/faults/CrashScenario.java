package io.grapevine.bench.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.google.gson.JsonElement;

/**
 * Crash mid-rollout: 30 % of the nodes are killed with SIGKILL at random moments while a
 * deployment spreads, and started again a random 5–30 s later. Survivors must all converge, each
 * restarted node within 2 core intervals of its start, no store may be corrupt, and the roster
 * must show every node alive again.
 */
public final class CrashScenario {
    private CrashScenario() {
    }

    public static Outcome run(Settings settings) throws Exception {
        int n = settings.nodesOr(50);
        double share = settings.option("kill-percent", 30) / 100.0;
        long windowMs = settings.option("kill-window-ms", 4000);
        long restartMin = settings.option("restart-min-ms", 5000);
        long restartMax = settings.option("restart-max-ms", 30000);
        Random random = new Random(settings.seed());
        int victims = (int) Math.round(n * share);
        Outcome outcome = new Outcome("crash mid-rollout", n, String.format(Locale.ROOT,
                "%d of %d nodes SIGKILLed at random moments in the first %.1f s of a rollout, each restarted %d–%d s later",
                victims, n, windowMs / 1000.0, restartMin / 1000, restartMax / 1000));
        try (FaultCluster cluster = FaultCluster.loopback(new FaultCluster.Plan(settings.home(), n,
                Math.max(1, n / 10), FaultCluster.SMALL_JVM, i -> Map.of()))) {
            String d1 = cluster.get(0).deploy(Bundles.example(settings.home(), "counter-1.0.0.jar"));
            cluster.awaitAllOn(d1, Duration.ofMinutes(5));

            List<FaultNode> others = new ArrayList<>(cluster.nodes().subList(1, n));
            Collections.shuffle(others, random);
            List<FaultNode> killed = others.subList(0, victims);
            Map<FaultNode, Long> killAt = new ConcurrentHashMap<>();
            Map<FaultNode, Long> restartAfter = new ConcurrentHashMap<>();
            for (FaultNode node : killed) {
                killAt.put(node, (long) (random.nextDouble() * windowMs));
                restartAfter.put(node, restartMin + (long) (random.nextDouble() * (restartMax - restartMin)));
            }
            Map<FaultNode, Long> upAt = new ConcurrentHashMap<>();
            Map<FaultNode, Long> launchedAt = new ConcurrentHashMap<>();
            Map<FaultNode, Boolean> diedBeforeNew = new ConcurrentHashMap<>();
            Map<FaultNode, Long> convergedAt = new ConcurrentHashMap<>();
            java.util.concurrent.atomic.AtomicReference<String> d2 = new java.util.concurrent.atomic.AtomicReference<>();
            try (Timeline timeline = new Timeline(cluster, List.of(new Timeline.Group("all nodes", x -> true)), 250)) {
                ExecutorService faults = Executors.newFixedThreadPool(Math.max(1, victims));
                long t0 = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (FaultNode node : killed) {
                    done.add(faults.submit(() -> {
                        sleepUntil(t0, killAt.get(node));
                        diedBeforeNew.put(node, d2.get() == null || !d2.get().equals(node.deploymentOrNull()));
                        node.kill();
                        timeline.mark("kill " + node.nodeId());
                        sleepUntil(t0, killAt.get(node) + restartAfter.get(node));
                        cluster.launch(node);
                        launchedAt.put(node, System.nanoTime());
                        timeline.mark("restart " + node.nodeId());
                        if (node.awaitUp(Duration.ofMinutes(3))) {
                            upAt.put(node, System.nanoTime());
                            // Timed here, as each node converges: not when the check below comes to it.
                            while (d2.get() == null) {
                                TimeUnit.MILLISECONDS.sleep(50); // the deploy request is under way
                            }
                            try {
                                cluster.awaitOn(d2.get(), x -> x == node, Duration.ofMinutes(3));
                                convergedAt.put(node, System.nanoTime());
                            } catch (IllegalStateException notThere) {
                                // said below: it never ran the deployment
                            }
                        }
                        return null;
                    }));
                }
                d2.set(cluster.get(0).deploy(Bundles.example(settings.home(), "counter-2.0.0.jar")));
                timeline.target(d2.get());
                timeline.mark("deploy");
                long survivorsMs = cluster.awaitOn(d2.get(), node -> !killed.contains(node), Duration.ofMinutes(5));
                outcome.check(true, (n - victims) + " survivors all on the new deployment " + survivorsMs
                        + " ms after the deploy request");
                for (Future<?> f : done) {
                    f.get(10, TimeUnit.MINUTES);
                }
                faults.shutdown();
                List<Long> catchUp = new ArrayList<>();
                List<Long> sinceLaunch = new ArrayList<>();
                long bound = 2 * Settings.CORE_INTERVAL_MS;
                for (FaultNode node : killed) {
                    if (!outcome.check(upAt.containsKey(node), node.nodeId() + " answers again after its restart")) {
                        outcome.detail(node.logTail(15));
                        continue;
                    }
                    if (!outcome.check(convergedAt.containsKey(node), node.nodeId() + " runs the new deployment within 3 min"
                            + " of its restart")) {
                        continue;
                    }
                    long converged = convergedAt.get(node);
                    long ms = (converged - upAt.get(node)) / 1_000_000;
                    catchUp.add(ms);
                    sinceLaunch.add((converged - launchedAt.get(node)) / 1_000_000);
                    outcome.check(ms <= bound, String.format(Locale.ROOT,
                            "%s (killed at %.1f s, %s the new deployment, down %.1f s) ran it %d ms after it answered again",
                            node.nodeId(), killAt.get(node) / 1000.0, diedBeforeNew.get(node) ? "before" : "after",
                            restartAfter.get(node) / 1000.0, ms));
                }
                timeline.mark("converged");
                Collections.sort(catchUp);
                Collections.sort(sinceLaunch);
                outcome.figure(String.format(Locale.ROOT, "survivors converged in %.1f s; restarted nodes on it %.1f s "
                        + "(max %.1f s) after answering again, %.1f s max after their process started; bound %d s",
                        survivorsMs / 1000.0, catchUp.isEmpty() ? 0 : catchUp.get(catchUp.size() / 2) / 1000.0,
                        catchUp.isEmpty() ? 0 : catchUp.get(catchUp.size() - 1) / 1000.0,
                        sinceLaunch.isEmpty() ? 0 : sinceLaunch.get(sinceLaunch.size() - 1) / 1000.0, bound / 1000));
                checkStores(cluster, outcome);
                checkRoster(cluster, outcome);
                if (settings.plots() != null) {
                    outcome.plot(timeline.write(settings.plots(), "faults-crash",
                            "Crash mid-rollout: " + n + " nodes, " + victims + " SIGKILLed and restarted"));
                }
            }
        } catch (Exception e) {
            outcome.fail("the scenario broke off: " + e);
        }
        return outcome;
    }

    /** No store file kept aside as corrupt, every jar in every store matches its hash, every node running. */
    static void checkStores(FaultCluster cluster, Outcome outcome) throws Exception {
        int corrupt = 0;
        int jars = 0;
        for (FaultNode node : cluster.nodes()) {
            try (Stream<Path> files = Files.walk(node.data(), 1)) {
                for (Path file : files.toList()) {
                    if (file.getFileName().toString().contains(".corrupt-")) {
                        corrupt++;
                        outcome.detail(node.nodeId() + " kept a corrupt store file aside: " + file);
                    }
                }
            }
            Path bundles = node.data().resolve("bundles");
            if (Files.isDirectory(bundles)) {
                try (Stream<Path> files = Files.list(bundles)) {
                    for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                        jars++;
                        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(Files.readAllBytes(jar)));
                        if (!jar.getFileName().toString().equals(sha + ".jar")) {
                            corrupt++;
                            outcome.detail(node.nodeId() + " holds a jar whose bytes are not its hash: " + jar);
                        }
                    }
                }
            }
            if (Files.readString(node.log()).contains(" is corrupt (")) {
                corrupt++;
                outcome.detail(node.nodeId() + "'s log reports a corrupt file");
            }
        }
        outcome.check(corrupt == 0, corrupt + " corrupt stores (" + jars + " stored jars checked against their hash,"
                + " history, trust and roster files read at restart)");
        outcome.figure(corrupt + " corrupt stores");
    }

    /** Every node's roster lists every node alive again (within a minute). */
    static void checkRoster(FaultCluster cluster, Outcome outcome) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> notAlive = List.of();
        while (System.nanoTime() < deadline) {
            notAlive = new ArrayList<>();
            for (FaultNode node : cluster.nodes()) {
                try {
                    int alive = 0;
                    for (JsonElement m : node.status().getAsJsonArray("roster")) {
                        if (m.getAsJsonObject().get("state").getAsString().equals("alive")) {
                            alive++;
                        }
                    }
                    if (alive < cluster.size()) {
                        notAlive.add(node.nodeId() + " sees " + alive + " alive");
                    }
                } catch (Exception e) {
                    notAlive.add(node.nodeId() + " does not answer");
                }
            }
            if (notAlive.isEmpty()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500); // polling interval
        }
        outcome.check(notAlive.isEmpty(), "every node's roster shows all " + cluster.size() + " nodes alive"
                + (notAlive.isEmpty() ? "" : ": " + notAlive));
    }

    private static void sleepUntil(long t0, long offsetMs) throws InterruptedException {
        long wait = offsetMs - (System.nanoTime() - t0) / 1_000_000;
        if (wait > 0) {
            TimeUnit.MILLISECONDS.sleep(wait); // the scenario's schedule: kill and restart moments
        }
    }
}
