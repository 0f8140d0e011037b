package io.grapevine.core.telemetry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The node's counters, served at {@code GET /core/metrics} in the Prometheus text format. A
 * counter is a name plus an optional {@code module} label.
 */
public final class Metrics {
    public static final String CORE_MESSAGES_SENT = "grapevine_core_messages_sent_total";
    public static final String CORE_BYTES_SENT = "grapevine_core_bytes_sent_total";
    /** Of {@link #CORE_BYTES_SENT}, the roster rumours that module messages carry. */
    public static final String ROSTER_RUMOUR_BYTES_SENT = "grapevine_roster_rumour_bytes_sent_total";
    /** Of {@link #CORE_MESSAGES_SENT}, the probes of peers whose module exchange timed out. */
    public static final String CORE_PROBES_SENT = "grapevine_core_probes_sent_total";
    public static final String CORE_MESSAGES_RECEIVED = "grapevine_core_messages_received_total";
    public static final String CORE_BYTES_RECEIVED = "grapevine_core_bytes_received_total";
    public static final String MODULE_MESSAGES_SENT = "grapevine_module_messages_sent_total";
    public static final String MODULE_BYTES_SENT = "grapevine_module_bytes_sent_total";
    public static final String MODULE_MESSAGES_RECEIVED = "grapevine_module_messages_received_total";
    public static final String MODULE_BYTES_RECEIVED = "grapevine_module_bytes_received_total";
    public static final String BUNDLE_FETCHES = "grapevine_bundle_fetches_total";
    public static final String BUNDLE_BYTES_FETCHED = "grapevine_bundle_bytes_fetched_total";
    public static final String BUNDLE_FETCH_FAILURES = "grapevine_bundle_fetch_failures_total";
    public static final String DEPLOYMENTS_APPLIED = "grapevine_deployments_applied_total";
    public static final String FENCING_REFUSALS = "grapevine_fencing_refusals_total";
    public static final String LAYER_UPCALL_FAILURES = "grapevine_layer_upcall_failures_total";
    public static final String MODULE_REQUESTS_REFUSED = "grapevine_module_requests_refused_total";
    public static final String ADMIN_LOGIN_FAILURES = "grapevine_admin_login_failures_total";
    public static final String ADMIN_LOGINS_THROTTLED = "grapevine_admin_logins_throttled_total";
    /** Labelled {@code reason}: what a peer or an operator sent that was not believed. */
    public static final String REFUSALS = "grapevine_refusals_total";

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(CORE_MESSAGES_SENT, "Core gossip messages sent (requests and replies)."),
            Map.entry(CORE_BYTES_SENT, "Bytes of core gossip messages sent."),
            Map.entry(ROSTER_RUMOUR_BYTES_SENT, "Of the core's bytes sent, those of roster rumours on module messages."),
            Map.entry(CORE_PROBES_SENT, "Of the core messages sent, probes: a peer asked whether it is alive before"
                    + " it is believed failed."),
            Map.entry(CORE_MESSAGES_RECEIVED, "Core gossip messages received."),
            Map.entry(CORE_BYTES_RECEIVED, "Bytes of core gossip messages received."),
            Map.entry(MODULE_MESSAGES_SENT, "Module gossip messages sent through the core."),
            Map.entry(MODULE_BYTES_SENT, "Bytes of module gossip messages sent."),
            Map.entry(MODULE_MESSAGES_RECEIVED, "Module gossip messages received and delivered."),
            Map.entry(MODULE_BYTES_RECEIVED, "Bytes of module gossip messages received."),
            Map.entry(BUNDLE_FETCHES, "Bundle jars fetched from peers."),
            Map.entry(BUNDLE_BYTES_FETCHED, "Bytes of bundle jars fetched from peers."),
            Map.entry(BUNDLE_FETCH_FAILURES, "Bundle fetches that failed or had the wrong hash."),
            Map.entry(DEPLOYMENTS_APPLIED, "Configurations applied on this node."),
            Map.entry(MODULE_REQUESTS_REFUSED, "Requests to a module answered 503 at once (its queue was full), and"
                    + " its own exchanges refused (in flight or per second over their bounds)."),
            Map.entry(REFUSALS, "Configurations, trust roots, messages and console requests refused, by reason."),
            Map.entry(ADMIN_LOGIN_FAILURES, "Admin logins (REST API, Web Console) with a wrong user or password."),
            Map.entry(ADMIN_LOGINS_THROTTLED, "Admin logins answered 429: their address was backing off after failures."),
            Map.entry(LAYER_UPCALL_FAILURES, "Layer listener upcalls that threw or were dropped."),
            Map.entry(FENCING_REFUSALS, "Module messages not delivered because the two sides run different versions."));

    /** What a label value may hold; a compiled pattern, since every module message adds to labelled counters. */
    private static final Pattern NOT_IN_LABEL = Pattern.compile("[^A-Za-z0-9._-]");

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void add(String name, long amount) {
        counters.computeIfAbsent(name, k -> new LongAdder()).add(amount);
    }

    /** A counter of one module ({@code module} label), or of one reason ({@code reason} label) for {@link #REFUSALS}. */
    public void add(String name, String labelValue, long amount) {
        String label = name.equals(REFUSALS) ? "reason" : "module";
        add(name + "{" + label + "=\"" + NOT_IN_LABEL.matcher(labelValue).replaceAll("") + "\"}", amount);
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    public String render() {
        Map<String, Map<String, Long>> byName = new TreeMap<>();
        HELP.keySet().forEach(name -> byName.put(name, new TreeMap<>()));
        counters.forEach((key, adder) -> {
            int brace = key.indexOf('{');
            String name = brace < 0 ? key : key.substring(0, brace);
            byName.computeIfAbsent(name, k -> new TreeMap<>()).put(key, adder.sum());
        });
        StringBuilder out = new StringBuilder();
        byName.forEach((name, series) -> {
            out.append("# HELP ").append(name).append(' ').append(HELP.getOrDefault(name, name)).append('\n');
            out.append("# TYPE ").append(name).append(" counter\n");
            if (series.isEmpty() && !name.startsWith("grapevine_module_")) {
                out.append(name).append(" 0\n");
            }
            series.forEach((key, value) -> out.append(key).append(' ').append(value).append('\n'));
        });
        return out.toString();
    }
}
