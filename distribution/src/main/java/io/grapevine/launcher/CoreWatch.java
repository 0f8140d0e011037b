package io.grapevine.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

/**
 * Asks the node's own REST API how its core does, for the decisions of {@link Probation} and
 * {@link CoreSlots}: a candidate's probation, and whether the configuration still names a core
 * that was reverted. Plain HTTP on {@code --port}, from this machine; a thin driver.
 */
final class CoreWatch {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration REVERT_POLL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final boolean rendezvous;

    CoreWatch(NodeOptions options) {
        String host = switch (options.bind()) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "0:0:0:0:0:0:0:0" -> "[::1]";
            default -> options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
        };
        this.base = "http://" + host + ":" + options.port();
        this.rendezvous = !options.rendezvous().isEmpty();
    }

    /**
     * Watches the candidate booted at {@code startedNanos} until a verdict; null when the framework
     * stopped first (a core switch, a signal, a crash).
     */
    Probation.Verdict probation(Framework framework, Duration deadline, long startedNanos) throws InterruptedException {
        while (active(framework)) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
            String status = get("/core/status");
            boolean peers = status != null && Probation.hasPeers(status, rendezvous);
            String metrics = peers ? get("/core/metrics") : null;
            Probation.Verdict verdict = Probation.judge(elapsed, deadline, System.getProperty(Main.STARTUP_FAILURE),
                    status != null, peers, metrics != null && Probation.exchanged(metrics));
            if (verdict.done()) {
                return verdict;
            }
            Thread.sleep(POLL.toMillis());
        }
        return null;
    }

    /**
     * While {@code framework} runs, in the background: once the node's configuration names no core
     * found bad (a rollback), the revert is cleared and {@code cleared} runs.
     */
    void clearRevert(Framework framework, CoreFiles cores, Runnable cleared) {
        Thread watch = new Thread(() -> {
            try {
                while (active(framework) && cores.slots().reverted() != null) {
                    String config = get("/core/config");
                    if (config != null) {
                        cores.update(slots -> slots.configured(Probation.configuredCore(config)));
                        if (cores.slots().reverted() == null) {
                            cleared.run();
                        }
                    }
                    Thread.sleep(REVERT_POLL.toMillis());
                }
            } catch (IOException e) {
                System.err.println("grapevine: cannot record the core's state: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "grapevine-core-revert-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** The body of a 200 answer to {@code GET path}, else null. */
    private String get(String path) throws InterruptedException {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? answer.body() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean active(Framework framework) {
        return (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0;
    }
}
