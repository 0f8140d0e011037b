package io.grapevine.launcher;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Watches a deployment spread: asks the node it was made on for the nodes of its roster (the
 * {@code roster} of its {@code /core/status}: every node it has heard of that has not left), then every one of them and the node itself which
 * deployment it runs, until all run it (or a later one) or the time is up. Prints a line
 * {@code "3/5 nodes on <deployment>"} each time the count changes.
 */
final class Rollout {
    static final Duration POLL = Duration.ofMillis(500);

    /** A node's {@code GET /core/status} answer. */
    @FunctionalInterface
    interface StatusReader {
        String status(URI node) throws CtlFailure;
    }

    /**
     * What one node said.
     *
     * @param address its host:port
     * @param deployment the deployment it runs, {@code null} for none or when it did not answer
     * @param answered whether it answered
     * @param core the core line of its status ({@code good <sha12> <version>}, ...), null when none
     */
    record Seen(String address, String deployment, boolean answered, String core) {
        Seen(String address, String deployment, boolean answered) {
            this(address, deployment, answered, null);
        }

        String describe() {
            String what = !answered ? "no answer" : deployment == null ? "no deployment" : "on " + deployment;
            return address + " (" + what + (core == null ? "" : ", core " + core) + ")";
        }

        /** Whether it runs core {@code sha256} and keeps it (true for any when {@code sha256} is null). */
        boolean onCore(String sha256) {
            return sha256 == null || core != null && core.startsWith("good " + sha256.substring(0, 12));
        }
    }

    private final StatusReader reader;
    private final PrintStream progress;
    private final Duration poll;

    Rollout(StatusReader reader, PrintStream progress, Duration poll) {
        this.reader = reader;
        this.progress = progress;
        this.poll = poll;
    }

    /** Returns once every known node runs {@code deployment} or later; fails naming the laggards. */
    void await(URI origin, String deployment, Duration timeout) throws CtlFailure {
        await(origin, deployment, timeout, false);
    }

    /**
     * As above; with {@code ignoreDown}, nodes of the roster that do not answer at all are left out
     * of the count (and said so) instead of failing the rollout.
     */
    void await(URI origin, String deployment, Duration timeout, boolean ignoreDown) throws CtlFailure {
        await(origin, deployment, timeout, ignoreDown, null);
    }

    /**
     * As above, for a deployment of core {@code core} (a SHA-256; null for none): a node counts once
     * it runs that core as its good one; one that reverted it fails the rollout at once.
     */
    void await(URI origin, String deployment, Duration timeout, boolean ignoreDown, String core) throws CtlFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        String printed = null;
        while (true) {
            List<Seen> all = survey(origin);
            List<Seen> down = ignoreDown ? all.stream().filter(n -> !n.answered()).toList() : List.of();
            List<Seen> nodes = all.stream().filter(n -> !down.contains(n)).toList();
            List<Seen> behind = nodes.stream().filter(n -> !reached(n.deployment(), deployment) || !n.onCore(core))
                    .toList();
            List<Seen> reverted = core == null ? List.of() : nodes.stream()
                    .filter(n -> n.core() != null && n.core().startsWith("reverted " + core.substring(0, 12))).toList();
            if (!reverted.isEmpty()) {
                throw new CtlFailure("core " + core.substring(0, 12) + " failed its probation and was reverted on "
                        + String.join(", ", reverted.stream().map(Seen::describe).toList())
                        + "; roll back to the deployment before it to clear that");
            }
            String line = (nodes.size() - behind.size()) + "/" + nodes.size() + " nodes on " + deployment
                    + (core == null ? "" : " with core " + core.substring(0, 12))
                    + (down.isEmpty() ? "" : " (" + down.size() + " down, ignored: "
                            + String.join(", ", down.stream().map(Seen::address).toList()) + ")");
            if (!line.equals(printed)) {
                progress.println(line);
                progress.flush();
                printed = line;
            }
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                List<String> laggards = behind.stream().map(Seen::describe).toList();
                throw new CtlFailure("not every node runs " + deployment + " after " + timeout.toSeconds()
                        + " s; nodes behind: " + String.join(", ", laggards));
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CtlFailure("interrupted while waiting for the rollout of " + deployment);
            }
        }
    }

    /**
     * The origin and every node of its roster that has not left (its hints, for a node without a
     * roster), each as it answers for itself: a node that is down counts, as not answering.
     */
    List<Seen> survey(URI origin) {
        List<Seen> nodes = new ArrayList<>();
        JsonObject status = read(origin);
        String self = status == null ? null : text(status.get("address"));
        nodes.add(new Seen(self == null ? origin.getAuthority() : self, deploymentOf(status), status != null,
                coreOf(status)));
        Set<String> peers = new LinkedHashSet<>();
        JsonElement roster = status == null ? null : status.get("roster");
        JsonElement members = roster != null && roster.isJsonArray() ? roster : status == null ? null : status.get("hints");
        if (members != null && members.isJsonArray()) {
            for (JsonElement member : members.getAsJsonArray()) {
                JsonObject entry = member.isJsonObject() ? member.getAsJsonObject() : new JsonObject();
                String address = text(entry.get("address"));
                if (address != null && !address.equals(self) && !"left".equals(text(entry.get("state")))) {
                    peers.add(address);
                }
            }
        }
        for (String peer : peers) {
            JsonObject answer = read(URI.create(origin.getScheme() + "://" + peer));
            nodes.add(new Seen(peer, deploymentOf(answer), answer != null, coreOf(answer)));
        }
        return nodes;
    }

    /** True when {@code seen} is {@code target} or a later deployment (tokens order as numbers). */
    static boolean reached(String seen, String target) {
        if (seen == null) {
            return false;
        }
        String[] a = seen.split("-", 3);
        String[] b = target.split("-", 3);
        try {
            int byTime = Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0]));
            int byCounter = Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(b[1]));
            return byTime != 0 ? byTime > 0 : byCounter != 0 ? byCounter > 0 : a[2].compareTo(b[2]) >= 0;
        } catch (RuntimeException e) {
            return seen.equals(target);
        }
    }

    private JsonObject read(URI node) {
        try {
            JsonElement root = JsonParser.parseString(reader.status(node));
            return root.isJsonObject() ? root.getAsJsonObject() : null;
        } catch (CtlFailure | JsonParseException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String coreOf(JsonObject status) {
        return status == null ? null : text(status.get("core"));
    }

    private static String deploymentOf(JsonObject status) {
        return status == null ? null : text(status.get("deployment"));
    }

    private static String text(JsonElement value) {
        return value == null || value.isJsonNull() || !value.isJsonPrimitive() ? null : value.getAsString();
    }
}
