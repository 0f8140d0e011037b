package io.grapevine.launcher;

import java.io.Console;
import java.io.PrintStream;
import java.net.URI;
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
            out.print(execute(arguments));
            out.flush();
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

    private String execute(CtlArguments arguments) throws CtlFailure {
        boolean json = arguments.json();
        String argument = arguments.argument();
        return switch (arguments.command()) {
            case "status" -> {
                String answer = client(arguments).status();
                yield json ? asIs(answer) : CtlText.status(answer);
            }
            case "history" -> {
                String answer = client(arguments).history();
                yield json ? asIs(answer) : CtlText.history(answer);
            }
            case "deploy" -> {
                BundleJar jar = BundleJar.read(argument);
                String answer = client(arguments).deploy(jar.path());
                yield json ? asIs(answer) : "deployed " + jar.name() + " " + jar.version() + " as deployment "
                        + CtlText.deploymentOf(answer) + "\n";
            }
            case "undeploy" -> {
                String answer = client(arguments).undeploy(argument);
                yield json ? asIs(answer) : "undeployed " + argument + " as deployment "
                        + CtlText.deploymentOf(answer) + "\n";
            }
            case "rollback" -> {
                String answer = client(arguments).rollback(argument);
                yield json ? asIs(answer) : "rolled back to " + argument + " as deployment "
                        + CtlText.deploymentOf(answer) + "\n";
            }
            default -> throw new IllegalStateException("command without an action: " + arguments.command());
        };
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
