package io.grapevine.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a node's process holds, read from {@code /proc} and, for the heap after a full GC, {@code jcmd}. */
final class ProcessStats {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private ProcessStats() {
    }

    static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static int fds(long pid) throws IOException {
        try (var files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) files.count();
        }
    }

    /** Heap in use right after a full GC, in KiB ({@code jcmd GC.run}, then {@code GC.heap_info}); -1 if unknown. */
    static long heapAfterGcKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long used = 0;
        boolean found = false;
        for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
            String t = line.strip();
            if (t.startsWith("Metaspace") || t.startsWith("class space")) {
                continue;
            }
            Matcher m = USED.matcher(t);
            if (t.contains("generation") || t.contains("heap")) {
                if (m.find()) {
                    used += Long.parseLong(m.group(1));
                    found = true;
                }
            }
        }
        return found ? used : -1;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(java.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "";
        }
        return new String(process.getInputStream().readAllBytes());
    }
}
