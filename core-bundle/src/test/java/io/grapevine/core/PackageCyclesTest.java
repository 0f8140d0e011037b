package io.grapevine.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/** The core's packages depend on each other in one direction only, as the JDK's jdeps sees the classes. */
public class PackageCyclesTest {
    private static final Pattern EDGE = Pattern.compile("(io\\.grapevine\\.core[\\w.]*)\\s+->\\s+(io\\.grapevine\\.core[\\w.]*)\\s");

    @Test
    public void theCoresPackagesHaveNoCycle() {
        Map<String, Set<String>> uses = dependencies();
        assertTrue("jdeps saw the node package use config", uses.getOrDefault("io.grapevine.core.node", Set.of())
                .contains("io.grapevine.core.config"));
        List<String> cycle = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> found = path(uses, start, start, new HashSet<>());
            if (found != null) {
                cycle = found;
                break;
            }
        }
        assertEquals("a package cycle", List.of(), cycle);
    }

    @Test
    public void theNodeStateMachineTouchesNoIoNoThreadsAndNoClock() {
        StringWriter out = new StringWriter();
        ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "-verbose:class", classes().resolve("io/grapevine/core/node").toString());
        assertTrue("jdeps listed the node's classes", out.toString().contains("java.util.Random"));
        for (String line : out.toString().split("\n")) {
            assertTrue(line, !line.matches(".*->\\s+(java\\.(io|nio|net|util\\.concurrent)\\.|java\\.lang\\.Thread\\b"
                    + "|java\\.time\\.(Clock|Instant)\\b|org\\.osgi).*"));
        }
    }

    private static Map<String, Set<String>> dependencies() {
        StringWriter out = new StringWriter();
        ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "-verbose:package", classes().toString());
        Map<String, Set<String>> uses = new HashMap<>();
        Matcher matcher = EDGE.matcher(out.toString());
        while (matcher.find()) {
            if (!matcher.group(1).equals(matcher.group(2))) {
                uses.computeIfAbsent(matcher.group(1), k -> new HashSet<>()).add(matcher.group(2));
            }
        }
        return uses;
    }

    private static Path classes() {
        return Path.of("target", "classes").toAbsolutePath();
    }

    private static List<String> path(Map<String, Set<String>> uses, String from, String to, Set<String> seen) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (next.equals(to)) {
                return new ArrayList<>(List.of(from, to));
            }
            if (seen.add(next)) {
                List<String> rest = path(uses, next, to, seen);
                if (rest != null) {
                    rest.add(0, from);
                    return rest;
                }
            }
        }
        return null;
    }
}
