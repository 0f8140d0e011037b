package io.grapevine.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Section {@code serf} of RESULTS.md: Serf and Grapevine side by side, with Grapevine ÷ Serf. */
final class SerfReport {
    private final String serfVersion;
    private final String args;
    private final int runs;
    private final Duration idle;
    private final List<String> rows = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private final List<String> limits = new ArrayList<>();
    private final int cores = Runtime.getRuntime().availableProcessors();

    SerfReport(String serfVersion, String args, int runs, Duration idle) {
        this.serfVersion = serfVersion;
        this.args = args;
        this.runs = runs;
        this.idle = idle;
    }

    void add(int n, SerfBenchmark.Measured serf, SerfBenchmark.Measured grapevine) {
        rows.add(row(n, serf, grapevine));
        limits.add(limit(n, grapevine));
        details.add(String.format(Locale.ROOT, "- N=%d: p100 of each run, Serf %s s, Grapevine %s s; load average "
                + "(1 / 5 / 15 min) before and after: Serf %s → %s, Grapevine %s → %s.", n, p100s(serf),
                p100s(grapevine), serf.loadBefore(), serf.loadAfter(), grapevine.loadBefore(), grapevine.loadAfter()));
    }

    /** Three table lines: Serf, Grapevine, and their ratio. */
    String row(int n, SerfBenchmark.Measured serf, SerfBenchmark.Measured grapevine) {
        Spread s = serf.median();
        Spread g = grapevine.median();
        Idle si = serf.idle();
        Idle gi = grapevine.idle();
        return line(n, "Serf (`serf event`)", s, serf.medianOriginMs(), si) + "\n"
                + line(n, "Grapevine (`grapevine-ctl deploy`)", g, grapevine.medianOriginMs(), gi) + "\n"
                + String.format(Locale.ROOT, "| %d | Grapevine ÷ Serf | ×%s | ×%s | ×%s | ×%s | ×%s | ×%s | ×%s | ×%s | ×%s |",
                        n, ratio(g.p50(), s.p50()), ratio(g.p90(), s.p90()), ratio(g.p100(), s.p100()),
                        ratio(grapevine.medianOriginMs(), serf.medianOriginMs()), ratio(gi.rssBytes(), si.rssBytes()),
                        ratio(gi.pssBytes(), si.pssBytes()), ratio(gi.cpuPercent(), si.cpuPercent()),
                        ratio(gi.messagesPerMinute(), si.messagesPerMinute()),
                        ratio(gi.bytesPerMinute(), si.bytesPerMinute()));
    }

    /**
     * The machine's own limit for a rollout: the CPU the N nodes spent on it (fetch, verify, apply,
     * gossip, beyond their idle use) spread over all cores, against the rollout's p100.
     */
    String limit(int n, SerfBenchmark.Measured grapevine) {
        long work = grapevine.medianWorkCpuMs();
        double limitMs = work / (double) cores;
        long p100 = grapevine.median().p100();
        return String.format(Locale.ROOT, "| %d | %.2f s | %d ms | %.2f s | %.2f s | ×%s |", n, work / 1000.0, work / n,
                limitMs / 1000.0, p100 / 1000.0, ratio(p100, limitMs));
    }

    private static String line(int n, String system, Spread spread, long originMs, Idle idle) {
        return String.format(Locale.ROOT, "| %d | %s | %.2f s | %.2f s | %.2f s | %.2f s | %.1f MiB | %.1f MiB | %.2f %% "
                + "| %.1f | %.0f |", n, system, spread.p50() / 1000.0, spread.p90() / 1000.0, spread.p100() / 1000.0,
                originMs / 1000.0, mib(idle.rssBytes()), mib(idle.pssBytes()), idle.cpuPercent(),
                idle.messagesPerMinute(), idle.bytesPerMinute());
    }

    String markdown() {
        return "## Serf in the same run: a user event against a deployment\n\n" + Results.machine() + "\n\n"
                + "Command: `mvn -B -q -DskipTests package exec:java@serf -pl bench -am"
                + (args.isEmpty() ? "" : " -Dexec.args=\"" + args + "\"") + "`. " + serfVersion
                + ", against Grapevine nodes with `bin/grapevine`'s default JVM options. For each N, first N Serf "
                + "agents on loopback (all joined to agent 0), then a `grapevine-cluster` of N nodes (node 0 the "
                + "rendezvous). Trigger: `serf event -coalesce=false` at agent 0, and `grapevine-ctl deploy` of "
                + "the counter example at node 0 (a fresh install each run: the previous run's is undeployed, and "
                + "each run's jar differs by its zip comment, so every node fetches it). A node's time is when its "
                + "event handler ran (it appends `date +%s%N` to a file), or when its core started the module (its "
                + "`module-started` event); times in s from the trigger, each column the median over " + runs
                + " runs; *origin* is agent or node 0's own time, so the rest is the spread (`grapevine-ctl` is a "
                + "JVM of its own: its start is in every Grapevine time). Idle: " + idle.toSeconds() + " s after the runs "
                + "(Grapevine: no module deployed, the cores alone), per node: RSS and PSS (`/proc/<pid>/status`, "
                + "`smaps_rollup`) at its end, CPU (`/proc/<pid>/stat`) in % of one core, and what the node sent: "
                + "Serf's own telemetry (`serf info` and `serf members -detailed` have no traffic counters, "
                + "but each agent keeps memberlist's `udp.sent` and `tcp.sent` samples, one per packet or push-pull "
                + "stream and its payload's bytes, in 10 s intervals it prints on SIGUSR1: the whole intervals "
                + "inside the window count), and Grapevine's `/core/metrics` (`grapevine_core_*` and "
                + "`grapevine_module_*` messages and bytes sent: message bodies, without HTTP headers).\n\n"
                + "| N | system | p50 | p90 | p100 | origin | RSS per node | PSS per node | idle CPU per node "
                + "| messages per node per min | bytes per node per min |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n"
                + String.join("\n", rows) + "\n\n" + String.join("\n", details) + "\n\n"
                + "The machine's own limit for a Grapevine rollout: the CPU time all N nodes used from the trigger "
                + "until the last one ran the module (`/proc/<pid>/stat`, user + system), less what they use idle "
                + "over as long (measured over 5 s, after 10 s of rest, right before each run), median over the runs; the limit is that "
                + "CPU spread over the machine's " + cores + " cores, as if the work were perfectly parallel. "
                + "The CPU is measured under the run's own contention, so at large N it includes what the "
                + "contention costs.\n\n"
                + "| N | cluster CPU of a rollout | per node | limit (÷ " + cores + " cores) | Grapevine p100 "
                + "| p100 ÷ limit |\n|---|---|---|---|---|---|\n" + String.join("\n", limits) + "\n";
    }

    private static String p100s(SerfBenchmark.Measured measured) {
        return measured.runs().stream().map(s -> String.format(Locale.ROOT, "%.2f", s.p100() / 1000.0))
                .collect(Collectors.joining(", "));
    }

    private static String ratio(double grapevine, double serf) {
        return serf <= 0 ? "∞" : String.format(Locale.ROOT, grapevine / serf >= 10 ? "%.0f" : "%.1f", grapevine / serf);
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
