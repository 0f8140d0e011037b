package io.grapevine.core.driver;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.admin.AdminException;
import io.grapevine.core.net.PeerClient;
import io.grapevine.core.node.Action;
import io.grapevine.core.node.GossipMessage;
import io.grapevine.core.node.Change;
import io.grapevine.core.node.Node;
import io.grapevine.core.node.PeerHeard;
import io.grapevine.core.node.Relay;
import io.grapevine.core.node.Roster;
import io.grapevine.core.store.BundleStore;
import io.grapevine.core.store.History;
import io.grapevine.core.store.RosterFile;
import io.grapevine.core.store.TrustStore;
import io.grapevine.core.trust.TrustRoot;
import io.grapevine.core.telemetry.EventLog;
import io.grapevine.core.telemetry.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The one driver of the {@link Node}: every event goes to the node on one thread, and the node's
 * actions become HTTP to peers, disk writes and framework work, whose outcomes come back as events.
 * It decides nothing. Applying a configuration runs on a thread of its own, so the node keeps
 * gossiping and fetching while modules start.
 */
public final class NodeDriver implements AutoCloseable {
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    /** Longest a clean stop waits for the loop to take up its leave (it may be writing a file). */
    private static final long LOOP_FREE_MS = 10_000;

    /** Makes the framework run a configuration (the module manager). */
    public interface Framework {
        void apply(Configuration config);

        /** Starts {@code module} again if it is still the failed version of its name. */
        void restart(ModuleEntry module);
    }

    /** Checks a fetched jar as an upload is checked; null when it may run, else the reason. */
    @FunctionalInterface
    public interface JarCheck {
        String problem(ModuleEntry expected, byte[] jar);
    }

    /**
     * What the operator sees of the node, published after every event.
     *
     * @param current the newest configuration adopted
     * @param applied the configuration the framework runs
     * @param history adopted configurations, newest first
     * @param peers the peers known, and what was last heard from each
     * @param relay what module messages carry of the roster, on the driver's clock
     */
    public record View(Configuration current, Configuration applied, List<Configuration> history,
            Map<String, PeerHeard> peers, TrustRoot trust, List<Roster.Member> roster, Relay relay) {
    }

    private final Node node;
    private final PeerActions network;
    private final DiskActions disk;
    private final java.util.function.Consumer<ModuleEntry> coreSwitch;
    private Framework framework;
    private final Metrics metrics;
    private final EventLog events;
    private final LongSupplier clock;
    private final ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "grapevine-node"));
    private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> daemon(r, "grapevine-apply"));
    private final Map<Long, CompletableFuture<Action.Answer>> commands = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, Contact> contacts = new ConcurrentHashMap<>();
    private final AtomicBoolean contactsQueued = new AtomicBoolean();
    private volatile View view;
    private volatile Thread applierThread;
    private ScheduledFuture<?> wakeup;
    private long wakeupAt = Long.MAX_VALUE;

    public NodeDriver(Node node, PeerClient peers, BundleStore store, History history, TrustStore trustStore,
            RosterFile rosterFile, JarCheck jarCheck, Metrics metrics, EventLog events, LongSupplier clock,
            java.util.function.Consumer<ModuleEntry> coreSwitch) {
        this.coreSwitch = coreSwitch;
        this.node = node;
        this.network = new PeerActions(node, peers, store, jarCheck, metrics, events, clock, this::event);
        this.disk = new DiskActions(store, history, trustStore, rosterFile, events);
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        publish();
    }

    /** Starts driving the node; {@code framework} runs what it applies (made after this driver). */
    public void start(Framework framework) {
        this.framework = framework;
        event(node::start);
    }

    public View view() {
        return view;
    }

    /** True on the thread that applies configurations: bundle changes made there are the core's own. */
    public boolean onApplyThread() {
        return Thread.currentThread() == applierThread;
    }

    /** Runs {@code task} on the apply thread, after any apply under way. */
    public void later(Runnable task) {
        applier.execute(task);
    }

    // ---- operator commands: complete once applied here (a proposal at once), or fail with a refusal ----

    /** {@code change} signed with this node's deployer key: 201 with the new configuration, or 200 when nothing changed. */
    public Action.Answer change(Change change) throws AdminException {
        return command(request -> now -> node.change(now, request, change));
    }

    /** {@code change} as an unsigned proposal, to be signed elsewhere. */
    public Configuration propose(Change change) throws AdminException {
        return command(request -> now -> node.propose(now, request, change)).config();
    }

    /** A configuration signed elsewhere. */
    public Configuration submit(Configuration signed) throws AdminException {
        return command(request -> now -> node.submit(now, request, signed)).config();
    }

    /** The operator forgot {@code address}: it counts as left. */
    public void forget(String address) throws AdminException {
        command(request -> now -> node.forget(now, request, address));
    }

    /** A new trust root, signed by the current one's threshold. */
    public void rotate(TrustRoot next) throws AdminException {
        command(request -> now -> node.rotate(now, request, next));
    }

    // ---- from peers ----

    /** A peer's core wrote to us: our reply, or null when the node is too busy to answer in time. */
    public Node.Reply receive(GossipMessage incoming, int bytes) {
        metrics.add(Metrics.CORE_MESSAGES_RECEIVED, 1);
        metrics.add(Metrics.CORE_BYTES_RECEIVED, bytes);
        CompletableFuture<Node.Reply> reply = new CompletableFuture<>();
        event(now -> {
            Node.Reply answer = node.receive(now, incoming);
            perform(answer.actions()); // before the reply, so counters, logs and the status already show it
            publish();
            reply.complete(answer);
            return answer.actions().stream().filter(Action.Answer.class::isInstance).toList();
        });
        try {
            return reply.get(ANSWER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /**
     * A module exchange with {@code peer} happened; see {@link Node#moduleContact}. Contacts are
     * gathered per peer and handed to the node in one event, so a module that floods its peers
     * cannot flood the node's loop.
     */
    public void moduleContact(String peer, DeploymentNumber theirs, boolean succeeded, Relay.RosterNews news) {
        contact(peer, new Contact(theirs, succeeded, null, news));
    }

    /** A module exchange with {@code peer} found no one there; see {@link Node#moduleUnreachable}. */
    public void moduleUnreachable(String peer) {
        contact(peer, new Contact(null, false, Unanswered.REFUSED, Relay.RosterNews.NONE));
    }

    /** A module exchange with {@code peer} timed out; see {@link Node#moduleTimedOut}. */
    public void moduleTimedOut(String peer) {
        contact(peer, new Contact(null, false, Unanswered.TIMED_OUT, Relay.RosterNews.NONE));
    }

    /** The driver's clock, which the view's {@code at} is on. */
    public long now() {
        return clock.getAsLong();
    }

    private void contact(String peer, Contact news) {
        contacts.merge(peer, news, Contact::then);
        if (contactsQueued.compareAndSet(false, true)) {
            event(now -> {
                contactsQueued.set(false);
                List<Action> actions = new ArrayList<>();
                for (String from : List.copyOf(contacts.keySet())) {
                    Contact contact = contacts.remove(from);
                    if (contact != null && contact.heard()) {
                        actions.addAll(node.moduleContact(now, from, contact.theirs(), contact.succeeded(),
                                contact.news()));
                    } else if (contact != null && contact.unanswered() == Unanswered.REFUSED) {
                        actions.addAll(node.moduleUnreachable(now, from));
                    } else if (contact != null) {
                        actions.addAll(node.moduleTimedOut(now, from));
                    }
                }
                return actions;
            });
        }
    }

    private enum Unanswered { REFUSED, TIMED_OUT }

    /**
     * What module exchanges with one peer showed since the last event ({@code unanswered} null when
     * the peer answered): any answer wins over none, and a refusal over a time-out.
     */
    private record Contact(DeploymentNumber theirs, boolean succeeded, Unanswered unanswered,
            Relay.RosterNews news) {
        boolean heard() {
            return unanswered == null;
        }

        Contact then(Contact next) {
            if (!next.heard()) {
                return heard() || unanswered == Unanswered.REFUSED ? this : next;
            }
            return !heard() ? next : new Contact(next.theirs(), succeeded || next.succeeded(), null,
                    next.news().isEmpty() ? news : next.news());
        }
    }

    /** A module failed on this node (the module manager says so); see {@link Node#moduleFailed}. */
    public void moduleFailed(ModuleEntry module) {
        event(now -> node.moduleFailed(now, module));
    }

    /** The store found jar {@code sha} damaged and removed it: the node fetches it again. */
    public void jarLost(String sha) {
        event(now -> node.jarLost(now, sha));
    }

    // ---- the loop ----

    private Action.Answer command(Function<Long, Function<Long, List<Action>>> input) throws AdminException {
        long request = requests.incrementAndGet();
        CompletableFuture<Action.Answer> done = new CompletableFuture<>();
        commands.put(request, done);
        event(now -> input.apply(request).apply(now));
        try {
            return done.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AdminException refused ? refused
                    : new AdminException(503, PeerClient.rootMessage(e));
        } catch (TimeoutException e) {
            throw new AdminException(503, "deployment still being applied after 5 min");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(503, "interrupted");
        } finally {
            commands.remove(request);
        }
    }

    /** Hands one input to the node on the loop thread, then carries out what it asks. */
    private void event(Function<Long, List<Action>> input) {
        try {
            loop.execute(() -> step(input.apply(clock.getAsLong())));
        } catch (RejectedExecutionException e) {
            // Closing: nothing is driven any more.
        }
    }

    /**
     * Carries out one input's actions and publishes the node's new view; answers to operator
     * commands go last, so a caller that reads the status once answered sees what it changed.
     */
    private void step(List<Action> actions) {
        perform(actions);
        publish();
        actions.stream().filter(Action.Answer.class::isInstance).map(Action.Answer.class::cast)
                .forEach(this::answer);
        reschedule();
    }

    private void perform(List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof Action.Send send) {
                network.send(send);
            } else if (action instanceof Action.Fetch fetch) {
                network.fetch(fetch);
            } else if (action instanceof Action.Apply apply) {
                apply(apply.config());
            } else if (action instanceof Action.Restart restart) {
                applier.execute(() -> framework.restart(restart.module()));
            } else if (action instanceof Action.Persist persist) {
                disk.history(persist.history());
            } else if (action instanceof Action.SwitchCore switchCore) {
                // A moment for the pushes just sent to leave before the node stops.
                loop.schedule(() -> coreSwitch.accept(switchCore.core()), 500, TimeUnit.MILLISECONDS);
            } else if (action instanceof Action.PersistRoster persist) {
                disk.roster(persist.members());
            } else if (action instanceof Action.PersistTrust persist) {
                disk.trust(persist.chain());
            } else if (action instanceof Action.Refused refused) {
                metrics.add(Metrics.REFUSALS, refused.code(), 1);
                if (refused.log()) {
                    events.add("refused", refused.code(), "from " + refused.from() + ": " + refused.detail());
                }
            } else if (action instanceof Action.Discard discard) {
                disk.discard(discard.jars());
            } else if (action instanceof Action.Log log) {
                events.add(log.type(), log.subject(), log.detail());
            }
        }
    }

    private void apply(Configuration config) {
        applier.execute(() -> {
            applierThread = Thread.currentThread();
            try {
                framework.apply(config);
            } catch (RuntimeException e) {
                events.add("deployment-error", config.deployment().toString(), PeerClient.rootMessage(e));
            }
            metrics.add(Metrics.DEPLOYMENTS_APPLIED, 1);
            event(now -> node.applied(now, config));
        });
    }

    private void answer(Action.Answer answer) {
        CompletableFuture<Action.Answer> waiting = commands.get(answer.request());
        if (waiting == null) {
            return;
        }
        if (answer.status() < 300) {
            waiting.complete(answer);
        } else {
            waiting.completeExceptionally(new AdminException(answer.status(), answer.reason()));
        }
    }

    private void publish() {
        long now = clock.getAsLong();
        view = new View(node.current(), node.appliedConfiguration(), node.history(), node.peers(), node.root(),
                node.roster(), node.relay(now));
    }

    private void reschedule() {
        long next = node.nextWakeup();
        if (next >= wakeupAt || loop.isShutdown()) {
            return;
        }
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        wakeupAt = next;
        wakeup = loop.schedule(() -> {
            wakeupAt = Long.MAX_VALUE;
            step(node.tick(clock.getAsLong()));
        }, Math.max(0, next - clock.getAsLong()), TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Tells a few peers this node leaves, waiting at most {@code bound} for them to hear it once
     * the loop has taken the event up. The loop may be inside a disk write first (an fsync on a busy
     * disk took over 2 s in CI, and the leave was never sent): that wait has a bound of its own.
     */
    public void leave(Duration bound) {
        CompletableFuture<Void> taken = new CompletableFuture<>();
        CompletableFuture<Void> told = new CompletableFuture<>();
        event(now -> {
            taken.complete(null);
            List<Action> actions = node.leave(now);
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (Action action : actions) {
                if (action instanceof Action.Send send) {
                    sends.add(network.sendLeave(send, bound));
                }
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> told.complete(null));
            return List.of();
        });
        try {
            taken.get(LOOP_FREE_MS, TimeUnit.MILLISECONDS);
            told.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Peers that did not hear it will see the node go quiet instead.
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        applier.shutdown();
        try {
            applier.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
