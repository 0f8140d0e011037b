package io.grapevine.core;

import io.grapevine.core.node.CoreImage;
import io.grapevine.core.node.GossipSettings;
import io.grapevine.core.node.Limits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Who this node is, where it keeps its data and its knobs, read once from the framework properties
 * that the launcher sets from its command line and {@code conf/grapevine.properties}.
 *
 * @param nodeId stable id of this node
 * @param address host:port at which peers reach this node
 * @param dataDir folder of the bundle store, history and node files
 * @param rendezvous host:port of the nodes every node starts gossiping with
 * @param limits what the node holds: {@value #MAX_BUNDLE_BYTES} (default 64 MiB, the largest module
 *     jar accepted, from a deploy or a peer: bounds memory per deployment), {@value #HISTORY_LIMIT}
 *     (default 50 configurations kept for rollback; their jars stay on disk), and
 *     {@value #FETCH_TIMEOUT} (default 5000 ms a peer gets to start serving a jar before the next
 *     one is asked)
 * @param gossip the core gossip knobs: {@value #INTERVAL}, {@value #MIN_INTERVAL},
 *     {@value #MAX_HINTS}, {@value #PUSH_FANOUT}, {@value #QUIET_PEERS}, {@value #QUIET_ROUNDS} (see
 *     {@link GossipSettings})
 * @param trustFile the trust root the operator gives this node ({@value #TRUST_FILE}), or null: then
 *     the one in the data folder, made on the first start if there is none
 * @param deployerKeyFile the deployer key this node signs with ({@value #DEPLOYER_KEY_FILE}), or null:
 *     then {@code <data>/deployer.key} if there is one
 * @param clusterKeyFile the cluster key a first start takes ({@value #CLUSTER_KEY_FILE}), or null: then
 *     a first start makes one; later the keyring in the data folder counts
 * @param tls peers are reached over HTTPS ({@value #TLS}, default false): confidentiality on top of the
 *     cluster key's authentication; every node then serves HTTPS at its address (Felix HTTP's
 *     {@code org.apache.felix.https.*} properties) and trusts its peers' certificates (the JVM's
 *     {@code javax.net.ssl.trustStore})
 * @param suspectMs a roster member a node failed to reach, and not heard of since for this long, is
 *     {@code suspect} ({@value #SUSPECT}, default 60000); one merely not heard of lately is alive
 * @param downMs ... and {@code down} after this long ({@value #DOWN}, default 300000)
 * @param core the core the launcher runs ({@value #CORE_SHA}) and the ones it found bad
 *     ({@value #CORE_BAD}, comma-separated); unmanaged where no Grapevine launcher runs the node
 * @param coreState what the launcher says of the core ({@value #CORE_STATE}): good, on probation, or
 *     a candidate it reverted and why
 * @param moduleCallTimeoutMs how long a module's start/stop/state call or request handler may take
 *     ({@value #MODULE_CALL_TIMEOUT}, default 5000) before the module is marked failed; too short
 *     fails slow but healthy modules, too long delays a deployment behind a hung one
 * @param moduleExchangesPerSecond how many exchanges with peers one module may start a second, on
 *     average, in bursts of as many ({@value #MODULE_EXCHANGES}, default 100, far above any gossip
 *     round): beyond it a flooding module's exchanges fail at once and cost only itself
 * @param loginFreeFailures failed admin logins of one address answered before it must wait
 *     ({@value #LOGIN_FREE_FAILURES}, default 5): fewer locks a mistyping admin out sooner
 * @param loginMaxBackoffMs the longest wait of an address whose logins keep failing
 *     ({@value #LOGIN_MAX_BACKOFF}, default 300000 ms; the wait doubles from 1 s per failure): longer
 *     slows guessing more, and an admin who shares the address (a proxy, NAT) waits as long
 */
public record NodeSettings(String nodeId, String address, Path dataDir, List<String> rendezvous, Limits limits,
        GossipSettings gossip, long moduleCallTimeoutMs, int moduleExchangesPerSecond, Path trustFile,
        Path deployerKeyFile, Path clusterKeyFile, boolean tls, long suspectMs, long downMs, int loginFreeFailures,
        long loginMaxBackoffMs, CoreImage core, String coreState) {

    public static final String NODE_ID = "grapevine.node.id";
    public static final String ADDRESS = "grapevine.address";
    public static final String DATA = "grapevine.data";
    public static final String RENDEZVOUS = "grapevine.rendezvous";
    public static final String HTTP_PORT = "org.osgi.service.http.port";
    public static final String MAX_BUNDLE_BYTES = "grapevine.bundle.max.bytes";
    public static final String HISTORY_LIMIT = "grapevine.history.limit";
    public static final String FETCH_TIMEOUT = "grapevine.fetch.timeout.ms";
    public static final String MODULE_CALL_TIMEOUT = "grapevine.module.call.timeout.ms";
    public static final String MODULE_EXCHANGES = "grapevine.module.exchanges.per.second";
    public static final String TRUST_FILE = "grapevine.trust.file";
    public static final String DEPLOYER_KEY_FILE = "grapevine.deployer.key.file";
    public static final String TLS = "grapevine.tls";
    public static final String CORE_SHA = "grapevine.core.sha";
    public static final String CORE_BAD = "grapevine.core.bad";
    public static final String CORE_STATE = "grapevine.core.state";
    public static final String SUSPECT = "grapevine.roster.suspect.ms";
    public static final String DOWN = "grapevine.roster.down.ms";
    public static final String CLUSTER_KEY_FILE = "grapevine.cluster.key.file";
    public static final String MAX_AHEAD = "grapevine.trust.max.ahead.ms";
    public static final String VALIDITY = "grapevine.deployment.validity.ms";
    public static final String INTERVAL = "grapevine.gossip.interval.ms";
    public static final String MIN_INTERVAL = "grapevine.gossip.min.interval.ms";
    public static final String MAX_HINTS = "grapevine.gossip.max.hints";
    public static final String PUSH_FANOUT = "grapevine.gossip.push.fanout";
    public static final String QUIET_PEERS = "grapevine.gossip.quiet.peers";
    public static final String QUIET_ROUNDS = "grapevine.gossip.quiet.rounds";
    public static final String LOGIN_FREE_FAILURES = "grapevine.admin.login.free.failures";
    public static final String LOGIN_MAX_BACKOFF = "grapevine.admin.login.max.backoff.ms";

    public NodeSettings {
        rendezvous = List.copyOf(rendezvous);
    }

    /** Every {@code grapevine.*} property a node reads; anything else under that prefix is a typo. */
    static final List<String> KEYS = List.of(NODE_ID, ADDRESS, DATA, RENDEZVOUS, MAX_BUNDLE_BYTES, HISTORY_LIMIT,
            FETCH_TIMEOUT, MODULE_CALL_TIMEOUT, MODULE_EXCHANGES, INTERVAL, MIN_INTERVAL, MAX_HINTS, PUSH_FANOUT,
            QUIET_PEERS, QUIET_ROUNDS, TRUST_FILE,
            DEPLOYER_KEY_FILE, CLUSTER_KEY_FILE, MAX_AHEAD, VALIDITY, TLS, SUSPECT, DOWN, "grapevine.admin.password",
            "grapevine.exit.on.failure", "grapevine.framework.keys", "grapevine.home", "grapevine.startup.failure",
            "grapevine.http.body.base.ms", "grapevine.http.body.min.bytes.per.second", LOGIN_FREE_FAILURES,
            LOGIN_MAX_BACKOFF, CORE_SHA, CORE_BAD, CORE_STATE, "grapevine.core.switch");

    /**
     * Refuses {@code grapevine.*} keys the node does not know (a misspelled setting would
     * otherwise be ignored silently), naming the valid ones.
     */
    public static void refuseUnknown(java.util.Collection<String> keys) {
        List<String> unknown = keys.stream().filter(k -> k.startsWith("grapevine.") && !KEYS.contains(k)).sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown setting" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + "; the valid grapevine.* keys are " + String.join(", ", KEYS.stream()
                    .filter(k -> !k.equals("grapevine.framework.keys") && !k.equals("grapevine.startup.failure")
                            && !k.equals("grapevine.exit.on.failure")).sorted().toList()));
        }
    }

    /** Reads the settings through {@code property} (a framework property lookup). */
    public static NodeSettings from(Function<String, String> property) {
        List<String> given = new ArrayList<>(System.getProperties().stringPropertyNames());
        given.addAll(parseAddresses(orDefault(property.apply("grapevine.framework.keys"), "")));
        refuseUnknown(given);
        String port = orDefault(property.apply(HTTP_PORT), "8080");
        String address = orDefault(property.apply(ADDRESS), "127.0.0.1:" + port);
        String data = orDefault(property.apply(DATA), "data");
        String nodeId = orDefault(property.apply(NODE_ID), address);
        Limits l = Limits.defaults();
        Limits limits = new Limits(number(property, MAX_BUNDLE_BYTES, l.maxBundleBytes(), 1),
                (int) number(property, HISTORY_LIMIT, l.historyLimit(), 1),
                number(property, FETCH_TIMEOUT, l.fetchBaseMs(), 1), l.fetchBytesPerSecond(),
                number(property, MAX_AHEAD, l.maxAheadMs(), 0), number(property, VALIDITY, l.validityMs(), 1));
        GossipSettings g = GossipSettings.defaults();
        long interval = number(property, INTERVAL, g.intervalMs(), 1);
        GossipSettings gossip = new GossipSettings(interval,
                Math.min(interval, number(property, MIN_INTERVAL, g.minIntervalMs(), 1)),
                (int) number(property, MAX_HINTS, g.maxHints(), 1), (int) number(property, PUSH_FANOUT, g.pushFanout(), 0),
                g.hintsPerMessage(), (int) number(property, QUIET_PEERS, g.quietPeers(), 0),
                (int) number(property, QUIET_ROUNDS, g.quietRounds(), 0));
        return new NodeSettings(nodeId, address, Path.of(data).toAbsolutePath(),
                parseAddresses(orDefault(property.apply(RENDEZVOUS), "")), limits, gossip,
                number(property, MODULE_CALL_TIMEOUT, 5000, 1), (int) number(property, MODULE_EXCHANGES, 100, 1),
                path(property.apply(TRUST_FILE)),
                path(property.apply(DEPLOYER_KEY_FILE)), path(property.apply(CLUSTER_KEY_FILE)),
                Boolean.parseBoolean(orDefault(property.apply(TLS), "false")), number(property, SUSPECT, 60_000, 1),
                number(property, DOWN, 300_000, 1), (int) number(property, LOGIN_FREE_FAILURES, 5, 1),
                number(property, LOGIN_MAX_BACKOFF, 300_000, 1000), core(property),
                orDefault(property.apply(CORE_STATE), "not managed by Grapevine's launcher"));
    }

    /** A whole-number setting of at least {@code min}, {@code fallback} when unset; anything else is refused. */
    static long number(Function<String, String> property, String key, long fallback, long min) {
        String value = property.apply(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below, with the key's name
        }
        throw new IllegalArgumentException(key + " must be a whole number of at least " + min + ", not '" + value + "'");
    }

    /** Splits a comma-separated list of host:port, dropping blanks. */
    static List<String> parseAddresses(String commaSeparated) {
        List<String> addresses = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                addresses.add(part.strip());
            }
        }
        return addresses;
    }

    private static CoreImage core(Function<String, String> property) {
        String running = property.apply(CORE_SHA);
        return running == null || running.isBlank() ? CoreImage.UNMANAGED : new CoreImage(running.strip(),
                java.util.Set.copyOf(parseAddresses(orDefault(property.apply(CORE_BAD), ""))));
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.strip()).toAbsolutePath();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
