package io.grapevine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Memory and CPU time of a set of processes, read from {@code /proc} (Linux): what a node or an
 * agent costs the machine, whatever it is written in.
 */
final class ProcStats {
    private ProcStats() {
    }

    /** Resident set size in bytes ({@code VmRSS}); 0 when the process is gone. */
    static long rssBytes(long pid) {
        return kib(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") * 1024;
    }

    /** The largest resident set size the process has had ({@code VmHWM}); 0 when it is gone. */
    static long peakRssBytes(long pid) {
        return kib(Path.of("/proc", Long.toString(pid), "status"), "VmHWM:") * 1024;
    }

    /**
     * Proportional set size in bytes ({@code Pss} of {@code smaps_rollup}): pages shared with other
     * processes (the JVM's libraries, a class-data archive, one binary for all agents) count for a
     * share only, so the sum over processes is what they use together.
     */
    static long pssBytes(long pid) {
        return kib(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:") * 1024;
    }

    /** User plus system CPU time the process has used so far; zero when it is gone. */
    static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    static long sumRss(List<Long> pids) {
        return pids.stream().mapToLong(ProcStats::rssBytes).sum();
    }

    static long sumPss(List<Long> pids) {
        return pids.stream().mapToLong(ProcStats::pssBytes).sum();
    }

    static Duration sumCpu(List<Long> pids) {
        return pids.stream().map(ProcStats::cpu).reduce(Duration.ZERO, Duration::plus);
    }

    /** The machine's load averages over 1, 5 and 15 minutes, as {@code /proc/loadavg} gives them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long kib(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Gone, or not Linux: nothing to count.
        }
        return 0;
    }
}
