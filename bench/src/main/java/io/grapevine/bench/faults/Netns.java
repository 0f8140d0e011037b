package io.grapevine.bench.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Several "hosts" on one machine: one Linux network namespace per node ({@code gvf-h<i>}), each
 * with a veth to one of two bridges in a switch namespace ({@code gvf-sw}): side A's bridge and side
 * B's, joined by one veth pair. {@link #split} takes that link down, {@link #heal} brings it up.
 * The data network is 10.77.0.0/24 (node i at 10.77.0.(10+i)); this process reaches every node,
 * across a split too, over a point-to-point management veth of its own per host (10.78.x.y/30) and
 * a /32 route, never through the switch. Nothing of the machine's own network is touched: the
 * namespaces and every link are removed by {@link #close} (and any left by an earlier run at the
 * start). Needs root and {@code ip}.
 */
public final class Netns implements AutoCloseable {
    private static final String PREFIX = "gvf-";
    private static final String SWITCH = PREFIX + "sw";
    private final int hosts;
    private final int sideA;

    private Netns(int hosts, int sideA) {
        this.hosts = hosts;
        this.sideA = sideA;
    }

    /** Why namespaces cannot be made here, or null when they can. */
    public static String unavailable() {
        try {
            if (!"0".equals(run(false, "id", "-u").strip())) {
                return "network namespaces need root (ip netns), and this runs as another user";
            }
            cleanUp();
            run(true, "ip", "netns", "add", PREFIX + "probe");
            run(true, "ip", "netns", "del", PREFIX + "probe");
            return null;
        } catch (IOException e) {
            return "ip netns is not allowed here: " + e.getMessage();
        }
    }

    /** {@code hosts} namespaces, the first {@code sideA} on bridge A, the rest on bridge B, all connected. */
    public static Netns make(int hosts, int sideA) throws IOException {
        if (hosts > 240) {
            throw new IllegalArgumentException("at most 240 hosts");
        }
        cleanUp();
        Netns net = new Netns(hosts, sideA);
        try {
            net.build();
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    private void build() throws IOException {
        run(true, "ip", "netns", "add", SWITCH);
        sw("link", "add", "bra", "type", "bridge");
        sw("link", "add", "brb", "type", "bridge");
        sw("link", "add", "lka", "type", "veth", "peer", "name", "lkb");
        sw("link", "set", "lka", "master", "bra");
        sw("link", "set", "lkb", "master", "brb");
        for (String link : List.of("bra", "brb", "lka", "lkb", "lo")) {
            sw("link", "set", link, "up");
        }
        for (int i = 0; i < hosts; i++) {
            String ns = PREFIX + "h" + i;
            run(true, "ip", "netns", "add", ns);
            in(ns, "link", "set", "lo", "up");
            // data: d<i> in the host, s<i> on a bridge of the switch
            run(true, "ip", "-n", SWITCH, "link", "add", "s" + i, "type", "veth", "peer", "name", "d" + i, "netns", ns);
            sw("link", "set", "s" + i, "master", i < sideA ? "bra" : "brb");
            sw("link", "set", "s" + i, "up");
            in(ns, "addr", "add", address(i) + "/24", "dev", "d" + i);
            in(ns, "link", "set", "d" + i, "up");
            // management: gvfm<i> here, m<i> in the host, a /30 of their own
            String mine = management(i, 1);
            String theirs = management(i, 2);
            run(true, "ip", "link", "add", "gvfm" + i, "type", "veth", "peer", "name", "m" + i, "netns", ns);
            run(true, "ip", "addr", "add", mine + "/30", "dev", "gvfm" + i);
            run(true, "ip", "link", "set", "gvfm" + i, "up");
            in(ns, "addr", "add", theirs + "/30", "dev", "m" + i);
            in(ns, "link", "set", "m" + i, "up");
            run(true, "ip", "route", "add", address(i) + "/32", "via", theirs, "dev", "gvfm" + i);
        }
    }

    /** The data address of host {@code i}. */
    public String address(int i) {
        return "10.77.0." + (10 + i);
    }

    private static String management(int i, int end) {
        int base = i * 4;
        return "10.78." + (base / 256) + "." + (base % 256 + end);
    }

    /** The command prefix that runs a process in host {@code i}'s namespace. */
    public List<String> exec(int i) {
        return List.of("ip", "netns", "exec", PREFIX + "h" + i);
    }

    public boolean onSideA(int i) {
        return i < sideA;
    }

    /** Cuts side A from side B. */
    public void split() throws IOException {
        sw("link", "set", "lka", "down");
    }

    public void heal() throws IOException {
        sw("link", "set", "lka", "up");
        sw("link", "set", "lkb", "up");
    }

    @Override
    public void close() {
        try {
            cleanUp();
        } catch (IOException e) {
            System.err.println("netns clean-up: " + e.getMessage());
        }
    }

    /** Removes every namespace of ours (their links go with them) and our management veths. */
    static void cleanUp() throws IOException {
        for (String line : run(true, "ip", "-o", "link", "show").split("\n")) {
            String[] parts = line.split(":\\s+");
            if (parts.length > 1 && parts[1].startsWith("gvfm")) {
                run(false, "ip", "link", "del", parts[1].replaceAll("@.*", ""));
            }
        }
        for (String line : run(true, "ip", "netns", "list").split("\n")) {
            String name = line.split(" ")[0];
            if (name.startsWith(PREFIX)) {
                run(true, "ip", "netns", "del", name);
            }
        }
    }

    private static void sw(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", SWITCH));
        command.addAll(List.of(args));
        run(true, command.toArray(String[]::new));
    }

    private static void in(String ns, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", ns));
        command.addAll(List.of(args));
        run(true, command.toArray(String[]::new));
    }

    private static String run(boolean check, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check && process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }
}
