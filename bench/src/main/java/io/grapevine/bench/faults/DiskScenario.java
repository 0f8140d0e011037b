package io.grapevine.bench.faults;

import io.grapevine.bench.faults.modules.BrokenModule;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Disk faults on one node of three: its history truncated while it is down (it must refuse to
 * start with one line and keep the file aside, then start clean and catch up from peers); a jar of
 * its store corrupted (it must notice, keep running its last good deployment and repair from a
 * peer); its disk full while it fetches a jar (it must say so, keep running, and repair once there
 * is room again).
 */
public final class DiskScenario {
    private static final long REPAIR_BOUND_MS = 2 * Settings.CORE_INTERVAL_MS;

    private DiskScenario() {
    }

    public static List<Outcome> run(Settings settings) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        Outcome history = new Outcome("disk: history.json truncated", 3,
                "node.2 stopped, its history.json cut to half, started; a deployment made meanwhile");
        Outcome jar = new Outcome("disk: a stored jar corrupted", 3,
                "the running module's jar in node.1's data/bundles overwritten with noise; the jar read as a peer would,"
                + " then node.1 restarted");
        Outcome full = new Outcome("disk: full during a fetch", 3,
                "node.2's data on a tmpfs filled to the last byte, a 2 MiB module deployed elsewhere, then room made");
        outcomes.add(history);
        outcomes.add(jar);
        outcomes.add(full);
        try (FaultCluster cluster = FaultCluster.loopback(new FaultCluster.Plan(settings.home(), 3,
                FaultCluster.SMALL_JVM))) {
            String d1 = cluster.get(0).deploy(Bundles.example(settings.home(), "counter-1.0.0.jar"));
            cluster.awaitAllOn(d1, Duration.ofMinutes(2));
            String d2 = truncatedHistory(cluster, settings, history);
            try {
                corruptJar(cluster, d2, jar);
            } catch (Exception e) {
                jar.fail("the scenario broke off: " + e);
            }
            try {
                fullDisk(cluster, settings, d2, full);
            } catch (Exception e) {
                full.fail("the scenario broke off: " + e);
            }
        } catch (Exception e) {
            history.fail("the scenario broke off: " + e);
        } finally {
            unmountAll();
        }
        return outcomes;
    }

    private static String truncatedHistory(FaultCluster cluster, Settings settings, Outcome outcome) throws Exception {
        FaultNode node = cluster.get(2);
        node.stop();
        Path file = node.data().resolve("history.json");
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size / 2);
        }
        String d2 = cluster.get(0).deploy(Bundles.example(settings.home(), "counter-2.0.0.jar"));
        long logBefore = Files.size(node.log());
        cluster.launch(node);
        Integer code = node.awaitExit(Duration.ofMinutes(3));
        String said = Files.readString(node.log()).substring((int) logBefore);
        List<String> lines = said.lines().filter(l -> l.startsWith("grapevine:") && !l.contains("listening")
                && !l.contains("generated")).toList();
        outcome.check(code != null && code != 0, "the node exited with " + code);
        outcome.check(lines.size() == 1 && lines.get(0).contains("is corrupt"), "it said, in " + lines.size()
                + " line(s): " + String.join(" / ", lines));
        List<Path> aside;
        try (Stream<Path> files = Files.list(node.data())) {
            aside = files.filter(f -> f.getFileName().toString().startsWith("history.json.corrupt-")).toList();
        }
        outcome.check(aside.size() == 1 && Files.size(aside.get(0)) == size / 2,
                "the damaged file kept aside whole: " + aside);
        cluster.launch(node);
        if (!outcome.check(node.awaitUp(Duration.ofMinutes(3)), "the next start comes up")) {
            return d2;
        }
        long upAt = System.nanoTime();
        cluster.awaitOn(d2, x -> x == node, Duration.ofMinutes(2));
        long ms = (System.nanoTime() - upAt) / 1_000_000;
        outcome.check(ms <= REPAIR_BOUND_MS, "it caught up from its peers to the deployment made meanwhile " + ms
                + " ms after it answered (bound " + REPAIR_BOUND_MS / 1000 + " s)");
        outcome.figure(String.format(Locale.ROOT, "exit %s with 1 line, file kept aside; caught up %.1f s after the next "
                + "start", code, ms / 1000.0));
        cluster.awaitAllOn(d2, Duration.ofMinutes(2));
        return d2;
    }

    private static void corruptJar(FaultCluster cluster, String d2, Outcome outcome) throws Exception {
        FaultNode node = cluster.get(1);
        String sha = node.status().getAsJsonArray("modules").get(0).getAsJsonObject().get("sha256").getAsString();
        Path stored = node.data().resolve("bundles").resolve(sha + ".jar");
        int length = (int) Files.size(stored);
        noise(stored, length);
        // As a peer fetching it would: the store checks the hash on every read.
        String path = "/core/bundles/" + sha;
        var answer = node.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.url(path)))
                .header(io.grapevine.core.net.Keyring.AUTH, cluster.files().keyring().sign("GET", path, "127.0.0.1:9",
                        new byte[0])).header(io.grapevine.core.net.Keyring.FROM, "127.0.0.1:9").GET(), false);
        outcome.check(answer.statusCode() != 200, "a peer's fetch of the damaged jar is refused: " + answer.statusCode()
                + " " + answer.body());
        outcome.check(node.runs(d2), "the node still runs its deployment, the module running");
        long repairStart = System.nanoTime();
        boolean repairedLive = await(() -> Files.isRegularFile(stored) && sha.equals(sha(stored)),
                Duration.ofMillis(REPAIR_BOUND_MS));
        outcome.check(repairedLive, "while running, it fetched the jar again from a peer"
                + (repairedLive ? " " + (System.nanoTime() - repairStart) / 1_000_000 + " ms later"
                : ": after " + REPAIR_BOUND_MS / 1000 + " s its store " + (Files.exists(stored) ? "still holds the damaged"
                + " bytes" : "no longer holds the jar")));
        // The same damage found at a start: the store is where a restart reinstalls the module from.
        node.stop();
        noise(stored, length);
        cluster.launch(node);
        node.awaitUp(Duration.ofMinutes(3));
        long upAt = System.nanoTime();
        boolean repaired = await(() -> node.runs(d2) && Files.isRegularFile(stored) && sha.equals(sha(stored)),
                Duration.ofSeconds(60));
        long ms = (System.nanoTime() - upAt) / 1_000_000;
        List<String> said = new ArrayList<>(node.events("module-failed"));
        said.addAll(node.events("store-error"));
        said.addAll(node.events("bundle-fetched"));
        outcome.detail("after the restart its events say: " + said);
        outcome.detail("its status: " + node.status().getAsJsonArray("modules"));
        outcome.check(repaired && ms <= REPAIR_BOUND_MS, "after a restart on the damaged jar it runs the module again from"
                + " a good copy " + (repaired ? ms + " ms after it answered" : ": not within 60 s"));
        outcome.figure((repairedLive ? "repaired while running" : "not repaired while running") + "; after a restart "
                + (repaired ? String.format(Locale.ROOT, "running again %.1f s after it answered", ms / 1000.0)
                : "not repaired in 60 s"));
    }

    private static void fullDisk(FaultCluster cluster, Settings settings, String d2, Outcome outcome) throws Exception {
        FaultNode node = cluster.get(2);
        node.stop();
        Path data = node.data();
        Path copy = Files.createTempDirectory("grapevine-faults-data-");
        run("cp", "-a", data + "/.", copy.toString());
        long usedKb = Long.parseLong(run("du", "-sk", data.toString()).split("\\s")[0]);
        long sizeKb = usedKb + 4096;
        try {
            run("mount", "-t", "tmpfs", "-o", "size=" + sizeKb + "k", "grapevine-faults", data.toString());
        } catch (IOException e) {
            outcome.fail("skipped: cannot mount a small tmpfs here (" + e.getMessage().strip() + ")");
            cluster.launch(node);
            node.awaitUp(Duration.ofMinutes(3));
            return;
        }
        run("cp", "-a", copy + "/.", data.toString());
        cluster.launch(node);
        node.awaitUp(Duration.ofMinutes(3));
        cluster.awaitOn(d2, x -> x == node, Duration.ofMinutes(2));
        Path filler = data.resolve("filler.bin");
        fill(filler);
        outcome.detail("tmpfs of " + sizeKb + " KiB, " + run("df", "-k", data.toString()).lines().skip(1)
                .findFirst().orElse("").replaceAll("\\s+", " "));
        byte[] big = Bundles.module("io.grapevine.faults.big", "1.0.0", BrokenModule.class, Map.of("mode.txt", "fixed"),
                2 << 20);
        String d3 = cluster.get(0).deploy(big);
        cluster.awaitOn(d3, x -> x.index() == 0, Duration.ofMinutes(2));
        boolean said = await(() -> node.events("bundle-fetch-refused").stream().anyMatch(e -> e.contains("space")),
                Duration.ofSeconds(60));
        List<String> refused = node.events("bundle-fetch-refused");
        outcome.check(said, "it says the jar could not be stored: " + (refused.isEmpty() ? "(nothing)"
                : refused.get(refused.size() - 1)));
        outcome.check(node.runs(d2), "it keeps running its last good deployment " + d2 + " (on " + node.deploymentOrNull()
                + ")");
        Files.delete(filler);
        long freed = System.nanoTime();
        boolean repaired = await(() -> node.runs(d3), Duration.ofSeconds(120));
        long ms = (System.nanoTime() - freed) / 1_000_000;
        outcome.check(repaired && ms <= REPAIR_BOUND_MS, "once there is room it fetches the jar and runs the new "
                + "deployment " + (repaired ? ms + " ms later" : ": not within 120 s") + " (bound " + REPAIR_BOUND_MS / 1000
                + " s)");
        outcome.figure(repaired ? String.format(Locale.ROOT, "said so, kept running; on the new deployment %.1f s after "
                + "room was made", ms / 1000.0) : "said so, kept running; not repaired within 120 s");
        node.stop();
    }

    /** Overwrites (or puts back) {@code file} as {@code length} bytes of noise. */
    private static void noise(Path file, int length) throws IOException {
        byte[] bytes = new byte[length];
        new Random(7).nextBytes(bytes);
        Files.write(file, bytes);
    }

    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            // the disk is full: what was written stays
        }
        try (var out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 64 * 1024; i++) {
                out.write(0);
                out.flush();
            }
        } catch (IOException e) {
            // now to the last byte
        }
    }

    private static String sha(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            return "";
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static boolean await(Condition condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return true;
                }
            } catch (Exception e) {
                // not yet
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling interval
        }
        return false;
    }

    /** Unmounts every tmpfs this scenario mounted (after the nodes stopped). */
    private static void unmountAll() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f[0].equals("grapevine-faults")) {
                    run("umount", "-l", f[1]);
                }
            }
        } catch (IOException e) {
            System.err.println("unmount: " + e.getMessage());
        }
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": " + new String(process.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return new String(process.getInputStream().readAllBytes());
    }
}
