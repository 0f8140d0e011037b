package io.grapevine.bench.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * What one scenario found: a row of the fault table (scenario, nodes, what was done, the figure,
 * pass or fail) and the details behind it, each a line a reader can check.
 */
public final class Outcome {
    private final String scenario;
    private final int nodes;
    private final String done;
    private final List<String> failures = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private final List<String> figures = new ArrayList<>();
    private String plot;

    public Outcome(String scenario, int nodes, String done) {
        this.scenario = scenario;
        this.nodes = nodes;
        this.done = done;
    }

    /** Records {@code ok}; when false the scenario fails, for the reason {@code what} says. */
    public boolean check(boolean ok, String what) {
        if (!ok) {
            failures.add(what);
        }
        details.add((ok ? "ok: " : "FAILED: ") + what);
        return ok;
    }

    public void fail(String why) {
        check(false, why);
    }

    public void detail(String line) {
        details.add(line);
        System.out.println("[" + scenario + "] " + line);
    }

    /** A figure for the table's "figure" column. */
    public void figure(String figure) {
        figures.add(figure);
        System.out.println("[measure] " + scenario + ": " + figure);
    }

    public void plot(String file) {
        this.plot = file;
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    public String scenario() {
        return scenario;
    }

    public int nodes() {
        return nodes;
    }

    public String done() {
        return done;
    }

    public List<String> failures() {
        return failures;
    }

    public List<String> details() {
        return details;
    }

    public List<String> figures() {
        return figures;
    }

    public String plotFile() {
        return plot;
    }

    /** Every failure, for an assertion's message. */
    public String summary() {
        return scenario + ": " + (passed() ? "passed" : "FAILED " + failures) + "; " + String.join("; ", figures)
                + "\n  " + String.join("\n  ", details);
    }
}
