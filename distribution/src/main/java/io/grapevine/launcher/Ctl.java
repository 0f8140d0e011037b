package io.grapevine.launcher;

import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.trust.TrustRoot;
import java.io.Console;
import java.nio.file.Path;
import java.util.List;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code grapevine-ctl}: the operator's command line for one node's REST API (status, history,
 * deploy, undeploy, rollback). Exit code 0 when done, 1 when the command failed, 2 for a bad
 * command line; a failure prints one line on stderr.
 *
 * <p>Everything from outside the process (environment, terminal, output streams) comes in
 * through the constructor, so that tests run the whole tool without starting a process.
 */
public final class Ctl {
    static final String PASSWORD_VARIABLE = "GRAPEVINE_ADMIN_PASSWORD";

    /** Asks for the admin password; {@code null} when there is no terminal or nothing came. */
    @FunctionalInterface
    interface PasswordPrompt {
        char[] ask(String prompt);
    }

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final PasswordPrompt passwordPrompt;
    private final Map<URI, CoreClient> statusClients = new HashMap<>();

    Ctl(Map<String, String> env, PrintStream out, PrintStream err, PasswordPrompt passwordPrompt) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.passwordPrompt = passwordPrompt;
    }

    public static void main(String[] args) {
        System.exit(new Ctl(System.getenv(), System.out, System.err, Ctl::askOnTerminal).run(args));
    }

    int run(String... args) {
        CtlArguments arguments;
        try {
            arguments = CtlArguments.parse(args);
        } catch (UsageException e) {
            err.println("grapevine-ctl: " + e.getMessage());
            return 2;
        }
        if (arguments.help()) {
            out.print(CtlArguments.USAGE);
            out.flush();
            return 0;
        }
        try {
            Outcome outcome = execute(arguments);
            out.print(outcome.text());
            out.flush();
            if (outcome.deployment() != null && !arguments.noWait()) {
                // With --json, stdout stays one JSON document: progress goes to stderr.
                new Rollout(this::status, arguments.json() ? err : out, Rollout.POLL)
                        .await(arguments.node(), outcome.deployment(), arguments.timeout(), arguments.ignoreDown(),
                                outcome.core());
            }
            return 0;
        } catch (CtlFailure e) {
            err.println("grapevine-ctl: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // A bug here must still end as one line and exit 1, not as a stack trace.
            err.println("grapevine-ctl: unexpected error: " + e);
            return 1;
        }
    }

    /** What a command printed, and the deployment it made ({@code null} for reads). */
    private record Outcome(String text, String deployment, String core) {
        Outcome(String text, String deployment) {
            this(text, deployment, null);
        }

        /** The same, for a deployment of core {@code sha256}: the rollout waits for every node to run it. */
        Outcome ofCore(String sha256) {
            return new Outcome(text, deployment, sha256);
        }
    }

    private Outcome execute(CtlArguments arguments) throws CtlFailure {
        boolean json = arguments.json();
        String argument = arguments.argument();
        return switch (arguments.command()) {
            case "status" -> {
                String answer = client(arguments).status();
                yield new Outcome(json ? asIs(answer) : CtlText.status(answer), null);
            }
            case "history" -> {
                String answer = client(arguments).history();
                yield new Outcome(json ? asIs(answer) : CtlText.history(answer), null);
            }
            case "deploy" -> {
                if (Signing.isProposal(argument)) {
                    Configuration proposal = Signing.configuration(Signing.read(Path.of(argument)));
                    yield made(json, client(arguments).submit(CanonicalJson.write(proposal)),
                            "sent " + argument + ", deployed");
                }
                BundleJar jar = BundleJar.read(argument);
                String sha256 = Signing.sha256(jar.path());
                if (jar.core()) {
                    // A core is the configuration's module "core"; each node restarts on it, on probation.
                    String what = "deployed core " + jar.version() + " (" + sha256.substring(0, 12)
                            + "; each node restarts on it and keeps it if it passes its probation)";
                    yield (arguments.key() == null ? made(json, client(arguments).deploy(jar.path()), what)
                            : signedHere(arguments, jar.path(), null, "core", sha256, what)).ofCore(sha256);
                }
                String what = "deployed " + jar.name() + " " + jar.version();
                yield arguments.key() == null ? made(json, client(arguments).deploy(jar.path()), what)
                        : signedHere(arguments, jar.path(), null, jar.name(), sha256, what);
            }
            case "undeploy" -> arguments.key() == null
                    ? made(json, client(arguments).undeploy(argument), "undeployed " + argument)
                    : signedHere(arguments, null, CoreClient.query("remove", argument), argument, null,
                            "undeployed " + argument);
            case "rollback" -> arguments.key() == null
                    ? made(json, client(arguments).rollback(argument), "rolled back to " + argument)
                    : signedHere(arguments, null, CoreClient.query("rollback", argument), null, null,
                            "rolled back to " + argument);
            case "keygen" -> new Outcome(Signing.keygen(arguments.out() == null ? Path.of("deployer.key")
                    : arguments.out()), null);
            case "propose" -> propose(arguments);
            case "sign" -> new Outcome(Signing.sign(Path.of(argument), Signing.key(arguments.key()), trustRoot(arguments)),
                    null);
            case "trust" -> trust(arguments);
            case "keys" -> keys(arguments);
            case "forget" -> new Outcome(arguments.json() ? asIs(client(arguments).forget(argument)) : "forgot "
                    + argument + ": it no longer counts as a node of the cluster (until it is heard from again)\n",
                    null);
            default -> throw new IllegalStateException("command without an action: " + arguments.command());
        };
    }

    /** Proposed at the node, checked against what was asked, signed here with --key, then sent. */
    private Outcome signedHere(CtlArguments arguments, Path jar, String query, String module, String sha256,
            String what) throws CtlFailure {
        CoreClient client = client(arguments);
        Configuration proposal = Signing.configuration(client.propose(jar, query));
        if (module != null) {
            Signing.check(proposal, Signing.configuration(client.config()), module, sha256);
        }
        Configuration signed = proposal.signedBy(Signing.key(arguments.key()).sign(proposal));
        return made(arguments.json(), client.submit(CanonicalJson.write(signed)), what);
    }

    private Outcome propose(CtlArguments arguments) throws CtlFailure {
        String kind = arguments.arguments().get(0);
        String value = arguments.arguments().get(1);
        CoreClient client = client(arguments);
        String answer = switch (kind) {
            case "deploy" -> client.propose(BundleJar.read(value).path(), null);
            case "undeploy" -> client.propose(null, CoreClient.query("remove", value));
            default -> client.propose(null, CoreClient.query("rollback", value));
        };
        Configuration proposal = Signing.configuration(answer);
        Path out = arguments.out() == null ? Path.of("proposal.json") : arguments.out();
        Signing.write(out, CanonicalJson.write(proposal));
        return new Outcome(arguments.json() ? asIs(answer) : "proposal written to " + out + "\n"
                + Signing.describe(proposal, trustRoot(arguments)) + "sign it: grapevine-ctl sign " + out
                + " --key FILE; send it once it has enough signatures: grapevine-ctl deploy " + out + "\n", null);
    }

    private Outcome trust(CtlArguments arguments) throws CtlFailure {
        CoreClient client = new CoreClient(arguments.node(), null);
        return switch (arguments.argument()) {
            case "show" -> {
                String answer = client.trust();
                yield new Outcome(arguments.json() ? asIs(answer) : Signing.describe(Signing.trustRoot(answer)), null);
            }
            case "propose" -> {
                TrustRoot next = Signing.nextRoot(Signing.trustRoot(client.trust()), arguments.add(),
                        arguments.revoke(), arguments.threshold());
                Path out = arguments.out() == null ? Path.of("trust-proposal.json") : arguments.out();
                Signing.write(out, TrustRoot.writeChain(List.of(next)));
                yield new Outcome("trust proposal written to " + out + "\n" + Signing.describe(next)
                        + "it needs the signatures of the current root's threshold: grapevine-ctl sign " + out
                        + " --key FILE; then grapevine-ctl trust submit " + out + "\n", null);
            }
            default -> {
                Path file = Path.of(arguments.arguments().get(1));
                TrustRoot next = Signing.trustRoot(Signing.read(file));
                client.rotate(TrustRoot.writeChain(List.of(next)));
                yield new Outcome("trust version " + next.version() + " accepted by " + arguments.node()
                        + "; it spreads by gossip\n", null);
            }
        };
    }

    /**
     * The cluster keyring on the node and every node it knows: each answers for itself, and the
     * command fails naming the nodes that did not take the change.
     */
    private Outcome keys(CtlArguments arguments) throws CtlFailure {
        String op = arguments.argument();
        if (op.equals("generate")) {
            Path out = arguments.out() == null ? Path.of("cluster.key") : arguments.out();
            if (java.nio.file.Files.exists(out)) {
                throw new CtlFailure(out + " exists already: not overwriting a key (choose another --out)");
            }
            try {
                AtomicFiles.writeString(out, io.grapevine.core.net.Keyring.generate(), true);
            } catch (java.io.IOException e) {
                throw new CtlFailure("cannot write " + out + ": " + e.getMessage());
            }
            return new Outcome("cluster key written to " + out.toAbsolutePath() + " (readable by you only); install it"
                    + " everywhere with: grapevine-ctl keys install " + out + "\n", null);
        }
        String value = arguments.arguments().size() > 1 ? arguments.arguments().get(1) : null;
        if (op.equals("install")) {
            value = Signing.read(Path.of(value)).strip();
        }
        String password = adminPassword(arguments.node());
        StringBuilder text = new StringBuilder();
        List<String> failed = new java.util.ArrayList<>();
        for (URI node : cluster(arguments.node())) {
            try {
                String answer = new CoreClient(node, password).keys(op.equals("list") ? null : op, value);
                text.append(node.getAuthority()).append("  ").append(answer.strip()).append('\n');
            } catch (CtlFailure e) {
                failed.add(node.getAuthority() + " (" + e.getMessage() + ")");
            }
        }
        if (!failed.isEmpty()) {
            out.print(text);
            throw new CtlFailure("keys " + op + " not done on: " + String.join(", ", failed));
        }
        return new Outcome(text.toString(), null);
    }

    /** The node and every peer its status names. */
    private List<URI> cluster(URI node) throws CtlFailure {
        List<URI> nodes = new java.util.ArrayList<>(List.of(node));
        com.google.gson.JsonObject status = com.google.gson.JsonParser.parseString(new CoreClient(node, null).status())
                .getAsJsonObject();
        String self = status.has("address") ? status.get("address").getAsString() : null;
        for (com.google.gson.JsonElement hint : status.getAsJsonArray("hints")) {
            String address = hint.getAsJsonObject().get("address").getAsString();
            if (!address.equals(self)) {
                nodes.add(URI.create(node.getScheme() + "://" + address));
            }
        }
        return nodes;
    }

    /** The node's trust root, to count a proposal's valid signatures; null when the node cannot be asked. */
    private TrustRoot trustRoot(CtlArguments arguments) {
        try {
            return Signing.trustRoot(new CoreClient(arguments.node(), null, Duration.ofSeconds(5)).trust());
        } catch (CtlFailure e) {
            return null;
        }
    }

    private static Outcome made(boolean json, String answer, String what) throws CtlFailure {
        String deployment = CtlText.deploymentOf(answer);
        com.google.gson.JsonObject tree = com.google.gson.JsonParser.parseString(answer).getAsJsonObject();
        if (tree.has("unchanged")) {
            return new Outcome(json ? asIs(answer) : "unchanged: " + tree.get("reason").getAsString() + " (deployment "
                    + deployment + ")\n", null);
        }
        return new Outcome(json ? asIs(answer) : what + " as deployment " + deployment + "\n", deployment);
    }

    /** A node's status, read without credentials and with a short time-out, for the rollout. */
    private String status(URI node) throws CtlFailure {
        return statusClients.computeIfAbsent(node, uri -> new CoreClient(uri, null, Duration.ofSeconds(5))).status();
    }

    /** Reads go without credentials; changes log in as admin (asking only then). */
    private CoreClient client(CtlArguments arguments) throws CtlFailure {
        return new CoreClient(arguments.node(), arguments.changesTheNode() ? adminPassword(arguments.node()) : null);
    }

    private String adminPassword(URI node) throws CtlFailure {
        String fromEnvironment = env.get(PASSWORD_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        char[] typed = passwordPrompt.ask("Password of user admin at " + node + ": ");
        if (typed == null || typed.length == 0) {
            throw new CtlFailure("no admin password: set " + PASSWORD_VARIABLE + " (or run in a terminal to be asked)");
        }
        return new String(typed);
    }

    private static char[] askOnTerminal(String prompt) {
        Console console = System.console();
        return console == null ? null : console.readPassword("%s", prompt);
    }

    /** The node's JSON for scripts, exactly as it came, as one document ending in a newline. */
    private static String asIs(String answer) {
        return answer.endsWith("\n") ? answer : answer + "\n";
    }
}
