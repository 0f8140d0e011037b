package io.grapevine.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Section {@code jvm-options} of RESULTS.md: each JVM option of bin/grapevine with its measured effect. */
final class JvmOptionsReport {
    private JvmOptionsReport() {
    }

    /** One table line; the rollout's change is against {@code previous}, the line above (none for the first). */
    static String row(JvmOptionsBenchmark.Measured m, JvmOptionsBenchmark.Measured previous) {
        String change = previous == null ? "" : String.format(Locale.ROOT, "%+.0f %%",
                100.0 * (m.rollout().p100() - previous.rollout().p100()) / previous.rollout().p100());
        return String.format(Locale.ROOT, "| %s | %d ms | %d ms | %.1f MiB | %.1f MiB | %.2f %% | %.2f s | %.2f s | %s "
                + "| %.1f MiB | %s |", m.variant().label(), m.startMs(), m.startCpuMs(), mib(m.idle().rssBytes()),
                mib(m.idle().pssBytes()), m.idle().cpuPercent(), m.rollout().p50() / 1000.0,
                m.rollout().p100() / 1000.0, change, mib(m.rssAfterBytes()), m.load());
    }

    static String markdown(List<JvmOptionsBenchmark.Measured> measured, List<InterleavedRollouts.Result> interleaved,
            List<LargeJarCheck.Outcome> large, int nodes, int runs, Duration idle, String args) {
        String title = args.contains("--only") ? "JVM options of a node: some lines of the table again"
                : "JVM options of a node, one at a time";
        StringBuilder md = new StringBuilder("## " + title + "\n\n").append(Results.machine())
                .append("\n\nCommand: `mvn -B -q -DskipTests package exec:java@jvm-options -pl bench -am")
                .append(args.isEmpty() ? "" : " -Dexec.args=\"" + args + "\"").append("`. Each line adds one option "
                + "to the line above (`GRAPEVINE_JVM_OPTS`; the last lines add to bin/grapevine's defaults through "
                + "`JAVA_OPTS`). *start*: `bench/scripts/startup-time.sh`, process start to the first 200 of "
                + "`/core/status` of a fresh node, and the CPU time the node had used by then, median of 5 (the "
                + "lines take turns, one start each, so that the machine's changing load weighs on each alike). Then ")
                .append(nodes).append(" nodes by `grapevine-cluster`: *idle* per node over ").append(idle.toSeconds())
                .append(" s with nothing deployed (RSS and PSS at its end, CPU in % of one core); *rollout*: ")
                .append(runs).append(" deployments of the counter example at node 0 through the REST API (fresh "
                + "installs of a jar no node has, after one not counted), from the request to each node's "
                + "`module-started` event, median over the runs of p50 and of p100; *vs above*: the change of that "
                + "p100 against the line above; *RSS after*: per node once the rollouts are done. *load*: the "
                + "machine's load average (1 / 5 / 15 min) when the line began; 2 cores shared with other builds.\n\n")
                .append("| JVM options | start | start CPU | idle RSS | idle PSS | idle CPU | rollout p50 | rollout p100 "
                        + "| vs above | RSS after | load |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < measured.size(); i++) {
            md.append(row(measured.get(i), i == 0 ? null : measured.get(i - 1))).append('\n');
        }
        if (!interleaved.isEmpty()) {
            md.append("\nRollouts again, on ").append(interleaved.size()).append(" clusters of ").append(nodes)
                    .append(" nodes up at once and taking turns (run k deploys on each, one after the other), so that "
                    + "the machine's changing load weighs on each alike; ").append(interleaved.get(0).runs().size())
                    .append(" runs each after one not counted, medians:\n\n| JVM options | rollout p50 | rollout p100 "
                    + "| p100 ÷ the first line's | p100 of each run |\n|---|---|---|---|---|\n");
            long base = interleaved.get(0).median().p100();
            for (InterleavedRollouts.Result r : interleaved) {
                md.append(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f | %s |%n", r.variant().label(),
                        r.median().p50() / 1000.0, r.median().p100() / 1000.0, r.median().p100() / (double) base,
                        String.join(", ", r.runs().stream().map(x -> String.format(Locale.ROOT, "%.2f",
                                x.p100() / 1000.0)).toList())));
            }
        }
        if (!large.isEmpty()) {
            md.append("\nThe largest module jar a node accepts (just under `grapevine.bundle.max.bytes`, 64 MiB: "
                    + "the counter with an incompressible resource), deployed at node 0 of 3 through the REST API:\n\n"
                    + "| heap | every node runs it | seconds | OutOfMemoryErrors logged | peak RSS of a node "
                    + "| RSS per node 20 s later |\n|---|---|---|---|---|---|\n");
            for (LargeJarCheck.Outcome o : large) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f MiB | %.0f MiB |%n", o.label(),
                        o.allRunning() ? "yes" : "no", o.seconds(), o.outOfMemoryErrors(), mib(o.peakRssBytes()),
                        mib(o.rssAfterBytes())));
            }
        }
        return md.toString();
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
