package io.grapevine.bench.faults;

import io.grapevine.bench.Results;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fault suite: runs each scenario on real node processes, checks its outcome, and writes the
 * table of {@code bench/RESULTS.md} (section {@code faults}) with a plot where a timeline says more.
 * Each run replaces the rows of the scenarios it ran and keeps the others (they live in
 * {@code results/faults.tsv}), so scenarios can be run one at a time.
 *
 * <p>Usage: {@code FaultsMain [--scenarios crash,partition,modules,clock,input,soak,disk] [--nodes N]
 * [--seed S] [--<scenario option> V ...]}; exit code 1 when a scenario failed.
 */
public final class FaultsMain {
    /** The scenarios in the order of the table. */
    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    @FunctionalInterface
    interface Scenario {
        List<Outcome> run(Settings settings) throws Exception;
    }

    static {
        SCENARIOS.put("crash", s -> List.of(CrashScenario.run(s)));
        SCENARIOS.put("partition", s -> List.of(PartitionScenario.run(s)));
        SCENARIOS.put("modules", s -> List.of(BrokenModulesScenario.run(s)));
        SCENARIOS.put("clock", ClockSkewScenario::run);
        SCENARIOS.put("input", s -> List.of(BadInputScenario.run(s)));
        SCENARIOS.put("soak", s -> List.of(SoakScenario.run(s)));
        SCENARIOS.put("disk", DiskScenario::run);
    }

    private FaultsMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value pairs, not " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        List<String> chosen = List.of(options.getOrDefault("scenarios", String.join(",", SCENARIOS.keySet())).split(","));
        for (String name : chosen) {
            if (!SCENARIOS.containsKey(name)) {
                throw new IllegalArgumentException("no scenario " + name + "; there are " + SCENARIOS.keySet());
            }
        }
        Path home = Path.of(System.getProperty("grapevine.dist", "../distribution/target/grapevine")).toAbsolutePath()
                .normalize();
        Settings settings = new Settings(home, Integer.parseInt(options.getOrDefault("nodes", "0")),
                Long.parseLong(options.getOrDefault("seed", "42")), Results.folder(), options);
        boolean allPassed = true;
        for (String name : chosen) {
            System.out.println("=== scenario " + name);
            long start = System.nanoTime();
            List<Outcome> outcomes;
            try {
                outcomes = SCENARIOS.get(name).run(settings);
            } catch (Exception e) {
                Outcome broken = new Outcome(name, settings.nodes(), "did not run");
                broken.fail("the scenario broke off: " + e);
                outcomes = List.of(broken);
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            for (Outcome o : outcomes) {
                System.out.println(o.summary());
                allPassed &= o.passed();
            }
            record(name, outcomes, seconds, String.join(" ", args));
        }
        System.exit(allPassed ? 0 : 1);
    }

    /** Replaces {@code name}'s rows in results/faults.tsv and rewrites the faults section. */
    private static void record(String name, List<Outcome> outcomes, long seconds, String args) throws IOException {
        Path tsv = Results.folder().resolve("faults.tsv");
        List<String> rows = new ArrayList<>();
        if (Files.exists(tsv)) {
            Files.readAllLines(tsv, StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith(name + "\t"))
                    .forEach(rows::add);
        }
        for (Outcome o : outcomes) {
            String details = String.join(" ⏎ ", o.details()).replace("\t", " ").replace("\n", " ⏎ ");
            rows.add(String.join("\t", name, o.scenario(), Integer.toString(o.nodes()), o.done(),
                    String.join("; ", o.figures()), o.passed() ? "pass" : "FAIL",
                    o.passed() ? "" : String.join("; ", o.failures()), o.plotFile() == null ? "" : o.plotFile(),
                    Results.machine() + " " + seconds + " s. Command: bench/scripts/faults.sh " + args, details));
        }
        List<String> order = new ArrayList<>(SCENARIOS.keySet());
        rows.sort((a, b) -> Integer.compare(order.indexOf(a.split("\t")[0]), order.indexOf(b.split("\t")[0])));
        Files.writeString(tsv, String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
        Results.writeSection("faults", markdown(rows));
    }

    private static String markdown(List<String> rows) {
        StringBuilder md = new StringBuilder("## Faults: crashes, partitions, skewed clocks, broken modules\n\n")
                .append("Written by `bench/scripts/faults.sh` (`mvn -B -q -pl bench exec:java@faults`); each scenario ")
                .append("runs real node processes and checks its outcome. A row is replaced when its scenario runs again.\n\n")
                .append("| scenario | nodes | what was done | figure | result |\n|---|---|---|---|---|\n");
        for (String row : rows) {
            String[] f = row.split("\t", -1);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", f[1], f[2], f[3], f[4],
                    f[5].equals("pass") ? "pass" : "**FAIL**: " + f[6]));
        }
        md.append('\n');
        for (String row : rows) {
            String[] f = row.split("\t", -1);
            md.append("### ").append(f[1]).append("\n\n").append(f[8]).append("\n\n");
            for (String d : f[9].split(" ⏎ ")) {
                if (!d.isBlank()) {
                    md.append("- ").append(d.replace("|", "\\|")).append('\n');
                }
            }
            if (!f[7].isEmpty()) {
                md.append("\n![").append(f[1]).append("](results/").append(f[7]).append(")\n");
            }
            md.append('\n');
        }
        return md.toString();
    }
}
