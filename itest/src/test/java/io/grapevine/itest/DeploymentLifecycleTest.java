package io.grapevine.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * The paper's sections 2 and 3.1 on one real node: deploy, update with state transfer, roll back
 * by deployment number, restart from the local store.
 */
public class DeploymentLifecycleTest {
    private static final String COUNTER = "io.grapevine.example.counter";

    private NodeProcess node;

    @After
    public void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void updateCarriesStateRollbackGetsANewNumberAndRestartKeepsIt() throws Exception {
        node = NodeProcess.start("lifecycle");

        String d1 = created(node.deploy(ModuleJars.counter(1)));
        JsonObject v1 = awaitCounter("1.0.0", 3);

        long requested = System.currentTimeMillis();
        String d2 = created(node.deploy(ModuleJars.counter(2)));
        long answered = System.currentTimeMillis();
        assertTrue(d2 + " after " + d1, compare(d2, d1) > 0);
        JsonObject v2 = awaitCounter("2.0.0", 0);
        assertTrue("v2 carried v1's count: " + v2 + " after " + v1,
                v2.get("count").getAsLong() >= v1.get("count").getAsLong());
        System.out.println("[measure] one update, request to 201 (new module started): " + (answered - requested) + " ms");

        List<String> steps = lifecycleSteps();
        int stopped = steps.indexOf("module-stopped " + COUNTER + " 1.0.0");
        int started = steps.indexOf("module-started " + COUNTER + " 2.0.0");
        assertTrue(steps.toString(), steps.indexOf("module-state-transferred " + COUNTER + " 1.0.0") < stopped);
        assertTrue(steps.toString(), stopped >= 0 && stopped < steps.indexOf("module-state-accepted " + COUNTER + " 2.0.0"));
        assertTrue(steps.toString(), steps.indexOf("module-state-accepted " + COUNTER + " 2.0.0") < started);

        String d3 = created(node.rollback(d1));
        assertTrue(d3 + " after " + d2, compare(d3, d2) > 0);
        awaitCounter("1.0.0", 0);
        assertEquals(d3, node.deployment());
        JsonObject module = node.modules().get(0).getAsJsonObject();
        assertEquals("running", module.get("state").getAsString());
        assertEquals("the module changed at the rollback", d3, module.get("deployment").getAsString());

        JsonArray history = node.getJson("/core/history").getAsJsonArray();
        assertEquals(List.of(d3, d2, d1), tokens(history));

        node.restart();
        // The core answers while it re-applies the stored deployment; status names it once applied.
        Await.until("d3 restored from the local store", Duration.ofSeconds(60),
                () -> d3.equals(node.deployment()) ? true : null);
        awaitCounter("1.0.0", 1);
        assertEquals("running", node.modules().get(0).getAsJsonObject().get("state").getAsString());
        assertEquals(List.of(d3, d2, d1), tokens(node.getJson("/core/history").getAsJsonArray()));
    }

    @Test
    public void concurrentDeploysAreAppliedOneAfterTheOtherAndNoneIsLost() throws Exception {
        node = NodeProcess.start("concurrent");
        List<Thread> threads = new ArrayList<>();
        List<String> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            byte[] jar = ModuleJars.faulty("io.grapevine.test.m" + i, "1.0.0", "none");
            Thread thread = new Thread(() -> {
                try {
                    tokens.add(created(node.deploy(jar)));
                } catch (Exception e) {
                    tokens.add("failed: " + e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        assertEquals(tokens.toString(), 4, tokens.stream().distinct().filter(t -> !t.startsWith("failed")).count());
        assertEquals(4, node.modules().size());
        List<String> history = tokens(node.getJson("/core/history").getAsJsonArray());
        List<String> sorted = new ArrayList<>(tokens);
        sorted.sort((a, b) -> compare(b, a));
        assertEquals("history is in the order applied, newest first", sorted, history);
        for (JsonElement m : node.modules()) {
            assertEquals("running", m.getAsJsonObject().get("state").getAsString());
        }
    }

    private JsonObject awaitCounter(String version, long atLeast) {
        return Await.until("counter " + version + " with count >= " + atLeast, Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = Http.get(node.url("/" + COUNTER + "/value"));
            if (r.statusCode() != 200) {
                return null;
            }
            JsonObject value = JsonParser.parseString(r.body()).getAsJsonObject();
            boolean ok = value.get("version").getAsString().equals(version) && value.get("count").getAsLong() >= atLeast;
            return ok ? value : null;
        });
    }

    private List<String> lifecycleSteps() throws Exception {
        List<String> steps = new ArrayList<>();
        for (JsonElement e : node.getJson("/core/events").getAsJsonArray()) {
            JsonObject event = e.getAsJsonObject();
            steps.add(event.get("type").getAsString() + " " + event.get("subject").getAsString());
        }
        return steps;
    }

    static String created(HttpResponse<String> response) {
        assertEquals(response.body(), 201, response.statusCode());
        return JsonParser.parseString(response.body()).getAsJsonObject().get("deployment").getAsString();
    }

    static List<String> tokens(JsonArray history) {
        List<String> tokens = new ArrayList<>();
        history.forEach(e -> tokens.add(e.getAsJsonObject().get("deployment").getAsString()));
        return tokens;
    }

    /** Orders two deployment tokens as the core does: time, counter, node. */
    static int compare(String a, String b) {
        String[] x = a.split("-", 3);
        String[] y = b.split("-", 3);
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        if (c == 0) {
            c = Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        }
        return c != 0 ? c : x[2].compareTo(y[2]);
    }
}
