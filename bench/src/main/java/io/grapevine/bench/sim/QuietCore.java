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
 * interval 10 s. After a settling time it counts core and module messages over one minute, and how
 * many (node, live member) pairs of the rosters are older than the 60 s after which the operator's
 * tools show a member suspect. Once with the quiet-core rule on (the default) and once off.
 * Writes its section of {@code RESULTS.md}. Usage: {@code QuietCore [--sizes 30,100] [--seed S]}.
 */
public final class QuietCore {
    private static final long MODULE_EVERY_MS = 5_000;
    private static final long SETTLE_MS = 180_000;
    private static final long WINDOW_MS = 60_000;
    private static final long SUSPECT_MS = 60_000;

    private QuietCore() {
    }

    private record Row(int nodes, boolean quiet, double coreRate, double moduleRate, double coreBytesRate,
            long stale, long fading, long pairs) {
        double share() {
            return coreRate / (coreRate + moduleRate);
        }
    }

    public static void main(String[] args) throws Exception {
        long seed = Long.parseLong(option(args, "--seed", "42"));
        List<Row> rows = new ArrayList<>();
        for (String size : option(args, "--sizes", "30,100").split(",")) {
            for (boolean quiet : new boolean[] {true, false}) {
                Row row = run(Integer.parseInt(size.strip()), quiet, seed);
                rows.add(row);
                System.out.printf(Locale.ROOT, "N=%d quiet=%s: core %.2f msg/s (%.1f %% of messages, %.0f B/s),"
                        + " modules %.1f msg/s; roster pairs older than 60 s: %d of %d, older than 30 s: %d%n",
                        row.nodes, row.quiet, row.coreRate, row.share() * 100, row.coreBytesRate, row.moduleRate,
                        row.stale, row.pairs, row.fading);
            }
        }
        StringBuilder md = new StringBuilder("## Simulator: the core once a cluster agrees, modules gossiping\n\n");
        md.append(Results.machine()).append("\n\nCommand: `(cd bench && mvn -B -q exec:java@quiet-core")
                .append(args.length == 0 ? "" : " -Dexec.args=\"" + String.join(" ", args) + "\"").append(")`. ")
                .append("The nodes' `Node` on `SimulatedCluster` (seed ").append(seed).append(", ")
                .append(SimulatorMain.describe(Model.lan())).append("), 10 rendezvous, core interval 10 s, every node's")
                .append(" modules exchanging with a random other node every 5 s; counted over the minute after ")
                .append(SETTLE_MS / 1000).append(" s. *stale*: (node, live member) pairs of the rosters last heard of")
                .append(" 60 s ago or more, which the operator's tools show as suspect; *fading*: 30 s or more, which")
                .append(" a quiet round asks about, one member a round. Module messages carry no core bytes here.\n\n")
                .append("| N | quiet core | core msg/s | modules msg/s | core share of messages | core bytes/s |")
                .append(" stale | fading |\n|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.1f | %.1f %% | %.0f | %.1f %% (%d of %d) |"
                    + " %.1f %% |%n", r.nodes, r.quiet ? "on" : "off", r.coreRate, r.moduleRate, r.share() * 100,
                    r.coreBytesRate, 100.0 * r.stale / r.pairs, r.stale, r.pairs, 100.0 * r.fading / r.pairs));
        }
        Results.writeSection("quiet-core", md.toString());
        System.out.println(md);
    }

    private static Row run(int n, boolean quiet, long seed) {
        GossipSettings d = GossipSettings.defaults();
        GossipSettings settings = new GossipSettings(d.intervalMs(), d.minIntervalMs(), d.maxHints(), d.pushFanout(),
                d.hintsPerMessage(), quiet ? d.quietPeers() : 0, d.quietRounds());
        SimulatedCluster cluster = new SimulatedCluster(n, Math.min(10, n), settings, Limits.defaults(), Model.lan(),
                seed);
        cluster.moduleGossip(MODULE_EVERY_MS);
        cluster.runFor(SETTLE_MS);
        long messages = cluster.messages();
        long bytes = cluster.bytes();
        long modules = cluster.moduleMessages();
        cluster.runFor(WINDOW_MS);
        long pairs = 0;
        long stale = 0;
        long fading = 0;
        for (int i = 0; i < n; i++) {
            for (Roster.Member member : cluster.node(i).roster()) {
                long age = cluster.now() - member.heardAt();
                pairs++;
                stale += age >= SUSPECT_MS ? 1 : 0;
                fading += age >= SUSPECT_MS / 2 ? 1 : 0;
            }
        }
        double seconds = WINDOW_MS / 1000.0;
        return new Row(n, quiet, (cluster.messages() - messages) / seconds, (cluster.moduleMessages() - modules) / seconds,
                (cluster.bytes() - bytes) / seconds, stale, fading, pairs);
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
