package io.grapevine.launcher;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node processes of a local cluster: starting one in the background, telling whether a pid
 * is still one of them, stopping them (SIGTERM, then SIGKILL after a grace period).
 */
final class ClusterProcesses {
    /** The class a node's JVM runs; a pid whose command line lacks it is not (or no longer) a node. */
    static final String NODE_MAIN = "io.grapevine.launcher.Main";

    /** How long the SIGKILLed stragglers get to disappear. */
    static final Duration KILL_WAIT = Duration.ofSeconds(10);

    /** How the line that {@link #launch} writes in the log before each start begins. */
    static final String LOG_HEADER = "---- ";

    /** Bytes read from the end of a log for its last lines. */
    private static final int TAIL_BYTES = 64 * 1024;

    /** What became of a process asked to stop. */
    enum Outcome {
        /** it exited after SIGTERM, or was gone already */
        STOPPED,
        /** it outlived the grace period and was SIGKILLed */
        KILLED,
        /** it is still there: not ours to signal, or it resisted SIGKILL */
        SURVIVED
    }

    private ClusterProcesses() {
    }

    /**
     * Starts the node in its folder, stdout and stderr appended to its log and stdin from
     * {@code /dev/null}, so that it keeps running when {@code grapevine-cluster} exits. A line
     * naming the command goes to the log first, to tell the starts apart.
     */
    static Process launch(ClusterNode node, List<String> command, Map<String, String> environment)
            throws IOException {
        Files.writeString(node.log(), LOG_HEADER + Instant.now() + " grapevine-cluster starts " + node.name() + ": "
                + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).directory(node.folder().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log().toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The environment as it is, with {@code javaOpts} added at the end of {@code JAVA_OPTS}. */
    static Map<String, String> environment(Map<String, String> env, String javaOpts) {
        Map<String, String> environment = new HashMap<>(env);
        if (!javaOpts.isBlank()) {
            String before = env.getOrDefault("JAVA_OPTS", "");
            environment.put("JAVA_OPTS", before.isBlank() ? javaOpts.strip() : before.strip() + " " + javaOpts.strip());
        }
        return environment;
    }

    /**
     * Whether the process is alive and runs a node: one of its command-line words is
     * {@value #NODE_MAIN}. A pid reused by another program is not a node, and is never signalled.
     */
    static boolean runsANode(ProcessHandle process) {
        return process.pid() != ProcessHandle.current().pid() && process.isAlive()
                && isNodeCommandLine(commandLine(process));
    }

    static boolean isNodeCommandLine(String commandLine) {
        return commandLine != null && List.of(commandLine.split("[\\s\\x00]+")).contains(NODE_MAIN);
    }

    /** The process's command line as the JDK sees it, else from {@code /proc}; {@code null} if unknown. */
    static String commandLine(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        if (info.commandLine().isPresent()) {
            return info.commandLine().get();
        }
        if (info.arguments().isPresent()) {
            return info.command().orElse("") + " " + String.join(" ", info.arguments().get());
        }
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            return Files.isReadable(proc) ? new String(Files.readAllBytes(proc), StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Sends SIGTERM to every process at once, waits for all of them together up to {@code grace},
     * then SIGKILLs the ones left and waits up to {@link #KILL_WAIT} for those.
     */
    static Map<ProcessHandle, Outcome> stop(Collection<ProcessHandle> processes, Duration grace) {
        Map<ProcessHandle, Outcome> outcomes = new LinkedHashMap<>();
        for (ProcessHandle process : processes) {
            boolean asked = process.destroy();
            // Not even asked (another user's process): waiting would only delay the answer.
            outcomes.put(process, asked || !process.isAlive() ? Outcome.STOPPED : Outcome.SURVIVED);
        }
        List<ProcessHandle> asked = outcomes.entrySet().stream().filter(e -> e.getValue() == Outcome.STOPPED)
                .map(Map.Entry::getKey).toList();
        awaitExit(asked, grace);
        List<ProcessHandle> stragglers = asked.stream().filter(ProcessHandle::isAlive).toList();
        stragglers.forEach(ProcessHandle::destroyForcibly);
        awaitExit(stragglers, KILL_WAIT);
        for (ProcessHandle straggler : stragglers) {
            outcomes.put(straggler, straggler.isAlive() ? Outcome.SURVIVED : Outcome.KILLED);
        }
        return outcomes;
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration limit) {
        if (processes.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The caller looks at who is still alive.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The last {@code count} lines of the file (blank ones skipped) written since the last start
     * of the node, whose header line leads them; none when the file cannot be read.
     */
    static List<String> tail(Path file, int count) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .map(String::stripTrailing).toList();
            if (start > 0 && !lines.isEmpty() && lines.size() > count) {
                lines = lines.subList(1, lines.size()); // the first may be cut in the middle
            }
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(LOG_HEADER)) {
                    lines = lines.subList(i, lines.size()); // an earlier start's lines would mislead
                    break;
                }
            }
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException e) {
            return List.of();
        }
    }
}
