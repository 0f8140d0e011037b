package io.grapevine.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Whether a heap setting holds the largest module jar a node accepts: the counter example with an
 * incompressible resource, just under {@code grapevine.bundle.max.bytes} (64 MiB), deployed at node 0
 * of 3. The node that takes it holds the jar twice while it reads it, and each peer that fetches it
 * from a node makes that node read it whole again; NIO copies such a read through a temporary direct
 * buffer as large, and keeps one per thread unless {@code jdk.nio.maxCachedBufferSize} says otherwise.
 */
final class LargeJarCheck {
    static final long MAX_BUNDLE_BYTES = 64L * 1024 * 1024;

    /** One heap setting: did every node run the module, how many OutOfMemoryErrors, peak and later RSS. */
    record Outcome(String label, String javaOpts, boolean allRunning, long seconds, int outOfMemoryErrors,
            long peakRssBytes, long rssAfterBytes) {
    }

    private LargeJarCheck() {
    }

    static List<Outcome> run(Path home) throws Exception {
        Path jar = build(home.resolve("examples/counter-2.0.0.jar"),
                Files.createTempDirectory("grapevine-bench-large-").resolve("counter-large.jar"));
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(check(home, jar, "`-Xmx256m`, NIO's buffer cache as the JDK has it",
                "-Xmx256m -Djdk.nio.maxCachedBufferSize=-1"));
        outcomes.add(check(home, jar, "`-Xmx256m`", "-Xmx256m"));
        outcomes.add(check(home, jar, "bin/grapevine's defaults (`-Xmx384m`)", ""));
        return outcomes;
    }

    private static Outcome check(Path home, Path jar, String label, String javaOpts) throws Exception {
        LocalCluster cluster = LocalCluster.plan(home, 3).environment("GRAPEVINE_JVM_OPTS", null)
                .environment("JAVA_OPTS", null);
        try {
            cluster.launch(1, javaOpts);
            long start = System.nanoTime();
            boolean all;
            try {
                // A setting that starves the node may fail the upload itself: that is an outcome, not an abort.
                String deployment = NodeClient.deploy(cluster.urls().get(0), jar);
                cluster.awaitDeployment(deployment, start, 300);
                all = true;
                for (String url : cluster.urls()) {
                    all &= NodeClient.moduleStartedAt(url, GrapevineDeployments.MODULE, deployment) >= 0;
                }
            } catch (IllegalStateException | java.io.IOException e) {
                System.out.println("large jar: " + label + ": " + e.getMessage());
                all = false;
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            long peak = 0;
            for (long pid : cluster.pids()) {
                peak = Math.max(peak, ProcStats.peakRssBytes(pid));
            }
            TimeUnit.SECONDS.sleep(20); // what stays once the rollout is over
            long after = ProcStats.sumRss(cluster.pids()) / 3;
            Outcome outcome = new Outcome(label, javaOpts, all, seconds, cluster.countInLogs("OutOfMemoryError"), peak,
                    after);
            System.out.println("large jar: " + outcome);
            return outcome;
        } finally {
            cluster.stop();
        }
    }

    /** The counter jar with a stored (uncompressed) resource of seeded random bytes, 64 KiB under the limit. */
    static Path build(Path counter, Path out) throws IOException {
        byte[] blob = new byte[(int) (MAX_BUNDLE_BYTES - 64 * 1024 - Files.size(counter))];
        new Random(42).nextBytes(blob);
        CRC32 crc = new CRC32();
        crc.update(blob);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(counter));
                OutputStream file = Files.newOutputStream(out);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
            ZipEntry entry = new ZipEntry("blob.bin");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(blob.length);
            entry.setCompressedSize(blob.length);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(blob);
            zip.closeEntry();
        }
        System.out.printf(Locale.ROOT, "large jar: %s, %d bytes (limit %d)%n", out, Files.size(out), MAX_BUNDLE_BYTES);
        return out;
    }
}
