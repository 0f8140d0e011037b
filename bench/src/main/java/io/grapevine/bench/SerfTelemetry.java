package io.grapevine.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Serf agents sent, from their own telemetry. Serf's commands ({@code serf info}, {@code serf
 * members -detailed}) report no traffic; but every agent keeps its metrics in memory, in 10 s
 * intervals for the last minute, and prints them on SIGUSR1. memberlist counts one sample per UDP
 * packet sent ({@code memberlist.udp.sent}) and per TCP push-pull stream ({@code
 * memberlist.tcp.sent}), the sample being the payload's bytes: so their {@code Count}s are messages
 * and their {@code Sum}s bytes. This reads them from the agents' logs without adding a sink, which
 * would cost the agents CPU of its own.
 */
final class SerfTelemetry implements Idle.Traffic {
    /** {@code [2026-12-01 14:09:40 +0000 UTC][C] 'serf-agent.memberlist.udp.sent': Count: 12 ... Sum: 1266.000 ...}. */
    private static final Pattern LINE = Pattern.compile(
            "^\\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}) [A-Z]+\\]\\[(.)\\] '([^']+)': (.*)$");
    private static final Pattern COUNT = Pattern.compile("Count: (\\d+)");
    private static final Pattern SUM = Pattern.compile("Sum: ([0-9.]+)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");
    private static final long INTERVAL_MS = 10_000;

    private final List<Long> pids;
    private final List<Path> logs;

    SerfTelemetry(List<Long> pids, List<Path> logs) {
        this.pids = pids;
        this.logs = logs;
    }

    @Override
    public void open() {
        // The agents keep their metrics anyway: nothing to start.
    }

    /** Signals every agent and sums the intervals that lie wholly inside the window. */
    @Override
    public double[] close(long openedAtMs, long closedAtMs) throws Exception {
        double messagesPerSecond = 0;
        double bytesPerSecond = 0;
        for (int i = 0; i < pids.size(); i++) {
            long messages = 0;
            double bytes = 0;
            String dump = dump(pids.get(i), log(i));
            Set<Long> intervals = new HashSet<>();
            for (String line : dump.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                long startMs = ZonedDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli();
                if (startMs < openedAtMs || startMs + INTERVAL_MS > closedAtMs) {
                    continue;
                }
                intervals.add(startMs);
                if (m.group(2).equals("C") && (m.group(3).endsWith(".memberlist.udp.sent")
                        || m.group(3).endsWith(".memberlist.tcp.sent"))) {
                    Matcher count = COUNT.matcher(m.group(4));
                    Matcher sum = SUM.matcher(m.group(4));
                    messages += count.find() ? Long.parseLong(count.group(1)) : 0;
                    bytes += sum.find() ? Double.parseDouble(sum.group(1)) : 0;
                }
            }
            if (intervals.isEmpty()) {
                throw new IllegalStateException("no whole 10 s interval of telemetry inside the window in " + log(i));
            }
            double seconds = intervals.size() * INTERVAL_MS / 1000.0;
            messagesPerSecond += messages / seconds;
            bytesPerSecond += bytes / seconds;
        }
        return new double[] {messagesPerSecond, bytesPerSecond};
    }

    private Path log(int i) {
        return logs.get(i);
    }

    /** Sends SIGUSR1 and returns what the agent wrote to its log in answer. */
    private static String dump(long pid, Path log) throws Exception {
        long before = Files.size(log);
        Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(pid)).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("cannot signal Serf agent " + pid);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long size = before;
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200); // the agent writes the dump at once, in one piece
            long now = Files.size(log);
            if (now > before && now == size) {
                break;
            }
            size = now;
        }
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
    }
}
