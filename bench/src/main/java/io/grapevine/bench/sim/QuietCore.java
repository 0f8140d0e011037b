package io.grapevine.bench.sim;

import io.grapevine.bench.Results;
import io.grapevine.core.node.GossipSettings;
import io.grapevine.core.node.Limits;
import io.grapevine.core.node.Roster;
import io.grapevine.core.sim.SimulatedCluster;
import io.grapevine.core.sim.SimulatedCluster.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the core sends once a cluster agrees, with modules gossiping, and what its rosters then
 * show: the nodes' own logic ({@code Node}) on the simulator, N nodes, 10 rendezvous, a module
 * exchange from every node to a random other every 5 s (the membership module's rate), core
 * interval 10 s. After a settling time it counts core and module messages over ten minutes (and the
 * core's bytes, the roster rumours on module messages included), and how many (node, live member)
 * pairs of the rosters the operator's tools would show as suspect or down; then it kills one node
 * and counts the live nodes that show it suspect or down two minutes later. Once with the
 * quiet-core rule on (the default) and once off, on a lossless network and with exchanges lost
 * (where a time-out must not fail a live member). Writes its section of {@code RESULTS.md}.
 * Usage: {@code QuietCore [--sizes 30,100] [--losses 0,0.02] [--seed S]}.
 */
public final class QuietCore {
    private static final long MODULE_EVERY_MS = 5_000;
    private static final long SETTLE_MS = 180_000;
    /** Long enough for the rounds that are never skipped (one in 30, every 5 min) to count. */
    private static final long WINDOW_MS = 600_000;
    private static final long SUSPECT_MS = 60_000;
    private static final long DOWN_MS = 300_000;
    private static final long AFTER_KILL_MS = 120_000;

    private QuietCore() {
    }

    private record Row(int nodes, boolean quiet, double loss, double coreRate, double moduleRate, double coreBytesRate,
            double rumourBytesRate, long misreported, long pairs, int sawDead) {
        double share() {
            return coreRate / (coreRate + moduleRate);
        }
    }

    public static void main(String[] args) throws Exception {
        long seed = Long.parseLong(option(args, "--seed", "42"));
        List<Row> rows = new ArrayList<>();
        for (String size : option(args, "--sizes", "30,100").split(",")) {
            for (String loss : option(args, "--losses", "0,0.02").split(",")) {
                for (boolean quiet : new boolean[] {true, false}) {
                    Row row = run(Integer.parseInt(size.strip()), quiet, Double.parseDouble(loss.strip()), seed);
                    rows.add(row);
                    System.out.printf(Locale.ROOT, "N=%d loss=%.2f quiet=%s: core %.2f msg/s (%.1f %% of messages,"
                            + " %.0f B/s, of them %.0f B/s rumours on module messages), modules %.1f msg/s; live"
                            + " members shown suspect or down: %d of %d; the killed node shown suspect or down by %d"
                            + " of %d%n", row.nodes, row.loss, row.quiet, row.coreRate, row.share() * 100,
                            row.coreBytesRate, row.rumourBytesRate, row.moduleRate, row.misreported, row.pairs,
                            row.sawDead, row.nodes - 1);
                }
            }
        }
        StringBuilder md = new StringBuilder("## Simulator: the core once a cluster agrees, modules gossiping\n\n");
        md.append(Results.machine()).append("\n\nCommand: `(cd bench && mvn -B -q exec:java@quiet-core")
                .append(args.length == 0 ? "" : " -Dexec.args=\"" + String.join(" ", args) + "\"").append(")`. ")
                .append("The nodes' `Node` on `SimulatedCluster` (seed ").append(seed).append(", ")
                .append(SimulatorMain.describe(Model.lan())).append("; *loss*: the share of messages lost instead), 10 rendezvous, core interval 10 s, every node's")
                .append(" modules exchanging with a random other node every 5 s; counted over the ")
                .append(WINDOW_MS / 60_000).append(" minutes after ").append(SETTLE_MS / 1000).append(" s. *core bytes/s*: core messages and the roster rumours on module")
                .append(" messages (*of them rumours*), as the wire encodes them; the simulator does not model module")
                .append(" bodies. *live shown failed*: (node, live member) pairs the operator's tools would show as")
                .append(" suspect or down (60 s / 300 s). *killed node seen*: live nodes that show a node killed then")
                .append(" as suspect or down ").append(AFTER_KILL_MS / 1000).append(" s later.\n\n")
                .append("| N | loss | quiet core | core msg/s | modules msg/s | core share of messages | core bytes/s |")
                .append(" of them rumours | live shown failed | killed node seen |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %d | %.0f %% | %s | %.2f | %.1f | %.1f %% | %.0f | %.0f | %.1f %% (%d of %d)"
                    + " | %d of %d |%n", r.nodes, r.loss * 100, r.quiet ? "on" : "off", r.coreRate, r.moduleRate, r.share() * 100,
                    r.coreBytesRate, r.rumourBytesRate, 100.0 * r.misreported / r.pairs, r.misreported, r.pairs,
                    r.sawDead, r.nodes - 1));
        }
        Results.writeSection("quiet-core", md.toString());
        System.out.println(md);
    }

    private static Row run(int n, boolean quiet, double loss, long seed) {
        GossipSettings d = GossipSettings.defaults();
        GossipSettings settings = new GossipSettings(d.intervalMs(), d.minIntervalMs(), d.maxHints(), d.pushFanout(),
                d.hintsPerMessage(), quiet ? d.quietPeers() : 0, d.quietRounds());
        SimulatedCluster cluster = new SimulatedCluster(n, Math.min(10, n), settings, Limits.defaults(),
                Model.lan().withLoss(loss), seed);
        cluster.moduleGossip(MODULE_EVERY_MS);
        cluster.runFor(SETTLE_MS);
        long messages = cluster.messages();
        long bytes = cluster.bytes();
        long rumours = cluster.rumourBytes();
        long modules = cluster.moduleMessages();
        cluster.runFor(WINDOW_MS);
        long pairs = 0;
        long misreported = 0;
        for (int i = 0; i < n; i++) {
            for (Roster.Member member : cluster.node(i).roster()) {
                pairs++;
                misreported += Roster.state(member, cluster.now(), SUSPECT_MS, DOWN_MS).equals("alive") ? 0 : 1;
            }
        }
        double seconds = WINDOW_MS / 1000.0;
        double rumourRate = (cluster.rumourBytes() - rumours) / seconds;
        Row row = new Row(n, quiet, loss, (cluster.messages() - messages) / seconds,
                (cluster.moduleMessages() - modules) / seconds, (cluster.bytes() - bytes) / seconds + rumourRate,
                rumourRate, misreported, pairs, 0);
        int killed = n - 1;
        cluster.kill(killed);
        cluster.runFor(AFTER_KILL_MS);
        int saw = 0;
        for (int i = 0; i < killed; i++) {
            saw += cluster.node(i).roster().stream().anyMatch(m -> m.address().equals(SimulatedCluster.address(killed))
                    && !Roster.state(m, cluster.now(), SUSPECT_MS, DOWN_MS).equals("alive")) ? 1 : 0;
        }
        return new Row(row.nodes(), quiet, loss, row.coreRate(), row.moduleRate(), row.coreBytesRate(), rumourRate,
                misreported, pairs, saw);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
