package io.grapevine.console;

import io.grapevine.core.admin.NodeStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roster as the operator reads it, counted against the deployment this node runs: how many of
 * the cluster's {@code size} nodes (the roster less the nodes that left, {@link NodeStatus#clusterSize()})
 * are on it, behind it, or down. A node on a later deployment counts as on it, as with
 * {@code grapevine-ctl}; a down node counts as down whatever it ran last; a node that left is
 * listed apart and not counted. What the tab's rollout bar and cluster table and
 * {@code grapevine:status} show; {@code res/grapevine.js} counts the same way from
 * {@code /core/status}.
 *
 * @param deployment the deployment this node runs, {@code null} for none
 * @param size the nodes that have not left, this one included
 * @param on the nodes on {@code deployment} or a later one, not down
 * @param behind the nodes on an earlier deployment or none, not down
 * @param down the nodes not heard of for so long that they are taken for down
 * @param members the nodes that have not left: this one first, the others by address
 * @param left the nodes that left, by address
 */
public record ClusterView(String deployment, int size, int on, int behind, int down, List<Row> members,
        List<Row> left) {
    private static final Pattern TOKEN = Pattern.compile("([0-9]{1,18})-([0-9]{1,9})-(.+)");

    /** Where a node stands in the rollout. */
    public enum Standing {
        ON, BEHIND, DOWN, LEFT;

        /** The name the tab's styles and script use: {@code on}, {@code behind}, {@code down}, {@code left}. */
        public String css() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One node of the roster.
     *
     * @param address host:port
     * @param deployment the deployment it was last heard on, {@code null} for none
     * @param state alive, suspect, down or left, as the core says
     * @param heardMsAgo how long ago this node last heard of it
     * @param self whether it is this node
     * @param standing where it stands against this node's deployment
     * @param coreReverted {@code reverted <sha12>} when its launcher reverted a core, else null
     */
    public record Row(String address, String deployment, String state, long heardMsAgo, boolean self,
            Standing standing, String coreReverted) {
        public Row(String address, String deployment, String state, long heardMsAgo, boolean self, Standing standing) {
            this(address, deployment, state, heardMsAgo, self, standing, null);
        }
    }

    public static ClusterView of(NodeStatus status) {
        String mine = status.deployment();
        // A status of version 1.0 has no roster: then this node alone is what is known.
        List<NodeStatus.Member> roster = status.roster().isEmpty()
                ? List.of(new NodeStatus.Member(status.address(), mine, "alive", 0)) : status.roster();
        List<Row> members = new ArrayList<>();
        List<Row> left = new ArrayList<>();
        int[] counts = new int[Standing.values().length];
        for (int i = 0; i < roster.size(); i++) {
            NodeStatus.Member m = roster.get(i);
            Standing standing = standing(m, mine);
            counts[standing.ordinal()]++;
            (standing == Standing.LEFT ? left : members).add(new Row(m.address(), m.deployment(), m.state(),
                    m.heardMsAgo(), i == 0, standing, m.coreReverted()));
        }
        Comparator<Row> byAddress = Comparator.comparing(Row::address, Comparator.nullsFirst(Comparator.naturalOrder()));
        if (members.size() > 1 && members.get(0).self()) {
            members.subList(1, members.size()).sort(byAddress);
        } else {
            members.sort(byAddress);
        }
        left.sort(byAddress);
        int size = status.roster().isEmpty() ? 1 : status.clusterSize();
        return new ClusterView(mine, size, counts[Standing.ON.ordinal()], counts[Standing.BEHIND.ordinal()],
                counts[Standing.DOWN.ordinal()], List.copyOf(members), List.copyOf(left));
    }

    /** {@code 2/4 nodes on <deployment>}. */
    public String summary() {
        return on + "/" + size + " nodes on " + Objects.requireNonNullElse(deployment, "(none)");
    }

    /** {@code 2 on it, 1 behind, 1 down}, and {@code ; 1 left, not counted} when any left. */
    public String breakdown() {
        return on + " on it, " + behind + " behind, " + down + " down"
                + (left.isEmpty() ? "" : "; " + left.size() + " left, not counted");
    }

    /** The share of {@code size} that {@code count} nodes are, in percent, for the bar's parts. */
    public double percent(int count) {
        return size <= 0 ? 0 : Math.min(100, 100.0 * count / size);
    }

    static Standing standing(NodeStatus.Member member, String mine) {
        if ("left".equals(member.state())) {
            return Standing.LEFT;
        }
        if ("down".equals(member.state())) {
            return Standing.DOWN;
        }
        return reached(member.deployment(), mine) ? Standing.ON : Standing.BEHIND;
    }

    /**
     * Whether a node on {@code theirs} runs {@code target} or a later deployment. Deployment numbers
     * ({@code <time>-<counter>-<node>}) order by time, counter, then node id; no deployment is before
     * every one. A number that does not parse reaches only itself.
     */
    static boolean reached(String theirs, String target) {
        if (target == null || target.equals(theirs)) {
            return true;
        }
        if (theirs == null) {
            return false;
        }
        Matcher a = TOKEN.matcher(theirs);
        Matcher b = TOKEN.matcher(target);
        if (!a.matches() || !b.matches()) {
            return false;
        }
        int c = Long.compare(Long.parseLong(a.group(1)), Long.parseLong(b.group(1)));
        if (c == 0) {
            c = Integer.compare(Integer.parseInt(a.group(2)), Integer.parseInt(b.group(2)));
        }
        return (c != 0 ? c : a.group(3).compareTo(b.group(3))) > 0;
    }
}
