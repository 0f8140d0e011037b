package io.grapevine.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.Distribution;
import io.grapevine.itest.support.FreePort;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots, inside a real Felix, exactly the bundles the distribution ships (its {@code bundle/}
 * folder, in the launcher's order, with its {@code conf/framework.properties}) and checks the
 * node's three faces: the REST servlet, the Web Console plugin and the Gogo command.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeBundlesTest {
    private static final String PASSWORD = "pax-exam-secret";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>();
        Distribution.frameworkProperties().forEach((key, value) -> {
            if (key.equals(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA)) {
                // Pax Exam puts its own packages there: add ours to them, not over them.
                options.add(systemPackages(value.toString().split(",")));
            } else {
                options.add(frameworkProperty(key.toString()).value(value.toString()));
            }
        });
        Path data = Files.createTempDirectory(Distribution.targetDir(), "pax-node-");
        options.add(frameworkProperty("org.osgi.service.http.port").value(Integer.toString(FreePort.next())));
        options.add(frameworkProperty("grapevine.node.id").value("pax.node"));
        options.add(frameworkProperty("grapevine.data").value(data.toString()));
        options.add(frameworkProperty("grapevine.rendezvous").value("127.0.0.1:9"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("felix.webconsole.password").value(PASSWORD));
        options.add(frameworkProperty("grapevine.admin.password").value(PASSWORD));
        options.add(frameworkProperty("itest.examples").value(Distribution.home().resolve("examples").toString()));
        for (Path jar : Distribution.bundles()) {
            options.add(bundle(jar.toUri().toString()));
        }
        options.add(junitBundles());
        return options.toArray(new Option[0]);
    }

    @Test
    public void everyShippedBundleResolvesAndStarts() {
        List<String> notActive = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != expected) {
                notActive.add(bundle.getSymbolicName() + " (state " + bundle.getState() + ")");
            }
        }
        assertTrue("bundles not started: " + notActive, notActive.isEmpty());
        List<String> names = List.of(context.getBundles()).stream().map(Bundle::getSymbolicName)
                .collect(Collectors.toList());
        assertTrue(names.contains("io.grapevine.core"));
        assertTrue(names.contains("io.grapevine.api"));
    }

    @Test
    public void theCoreRegistersOneServicePerLayerOfTheApiAndNoOther() {
        Map<String, String> layers = Await.until("the layer services", Duration.ofSeconds(30), () -> {
            ServiceReference<?>[] references = context.getAllServiceReferences(null, "(grapevine.layer=*)");
            if (references == null || references.length < 6) {
                return null;
            }
            Map<String, String> byName = new TreeMap<>();
            for (ServiceReference<?> reference : references) {
                byName.put(String.valueOf(reference.getProperty("grapevine.layer")),
                        String.join(",", (String[]) reference.getProperty(Constants.OBJECTCLASS)));
            }
            return byName;
        });
        Map<String, String> expected = new TreeMap<>();
        for (String layer : List.of("Aggregation", "Broadcast", "FailureDetector", "Membership", "PeerSampling",
                "RandomWalk")) {
            expected.put(layer, "io.grapevine.api.layer." + layer);
        }
        assertEquals(expected, layers);
    }

    @Test
    public void coreServletAnswersStatus() {
        String base = "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port");
        HttpResponse<String> response = Await.until("/core/status", Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = Http.get(base + "/core/status");
            return r.statusCode() == 200 ? r : null;
        });
        JsonObject status = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("pax.node", status.get("nodeId").getAsString());
        assertTrue(status.get("deployment").isJsonNull());
        assertEquals("127.0.0.1:9", status.getAsJsonArray("rendezvous").get(0).getAsString());
    }

    @Test
    public void consolePluginIsRegisteredAndRendersTheNode() throws Exception {
        ServiceTracker<Object, Object> plugins = new ServiceTracker<>(context, FrameworkUtil.createFilter(
                "(&(objectClass=jakarta.servlet.Servlet)(felix.webconsole.label=grapevine))"), null);
        plugins.open();
        try {
            assertNotNull("no Grapevine console plugin", plugins.waitForService(30_000));
        } finally {
            plugins.close();
        }
        String url = "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port")
                + "/system/console/grapevine";
        HttpResponse<String> page = Await.until("the console page", Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = Http.get(url, "admin", PASSWORD);
            return r.statusCode() == 200 ? r : null;
        });
        assertTrue(page.body(), page.body().contains("pax.node"));
    }

    @Test
    public void gogoDeployHistoryAndRollbackCommands() throws Exception {
        String examples = context.getProperty("itest.examples");
        String deployed = gogo("grapevine:deploy " + examples + "/counter-1.0.0.jar");
        assertTrue(deployed, deployed.startsWith("deployed as "));
        String first = deployed.substring("deployed as ".length()).strip();
        assertTrue(gogo("grapevine:deploy " + examples + "/counter-2.0.0.jar").startsWith("deployed as "));
        String rolledBack = gogo("grapevine:rollback " + first);
        assertTrue(rolledBack, rolledBack.startsWith("rolled back to " + first + " as "));
        String history = gogo("grapevine:history");
        assertEquals(history, 3, history.lines().filter(l -> !l.startsWith(" ")).count());
        assertTrue(gogo("grapevine:status").contains("io.grapevine.example.counter 1.0.0"));
        assertTrue(gogo("grapevine:rollback nonsense").startsWith("error: "));
        assertTrue(gogo("grapevine:deploy /no/such/file.jar").startsWith("error: "));
        String relative = gogo("grapevine:deploy no-such-module.jar");
        assertTrue(relative, relative.startsWith("error: ") && relative.contains("no file /")
                && relative.endsWith("no-such-module.jar and not a URL"));
        String undeployed = gogo("grapevine:undeploy io.grapevine.example.counter");
        assertTrue(undeployed, undeployed.startsWith("undeployed io.grapevine.example.counter as "));
        String status = gogo("grapevine:status");
        assertTrue(status, status.lines().anyMatch(l -> l.matches("modules +\\(none\\)")));
        assertEquals("error: no module io.grapevine.example.counter in the current deployment",
                gogo("grapevine:undeploy io.grapevine.example.counter"));
    }

    @Test
    public void gogoHelpSaysWhatTheGrapevineCommandsDo() throws Exception {
        String scope = gogo("help grapevine");
        assertTrue(scope, scope.contains("status, deploy FILE-OR-URL, rollback DEPLOYMENT, history, undeploy MODULE"));
        String deploy = gogo("help grapevine:deploy");
        assertTrue(deploy, deploy.contains("deploy a module bundle jar to the whole cluster")
                && deploy.contains("a file on this node"));
        assertTrue(gogo("grapevine").contains("grapevine:undeploy MODULE"));
    }

    @Test
    public void aBundleInstalledWithGogoIsUninstalledAndTheEventSaysWhy() throws Exception {
        Path jar = Files.createTempFile(Distribution.targetDir(), "plain-", ".jar");
        Files.write(jar, ModuleJars.bundleWithoutModule());
        String installed = gogo("install " + jar.toUri());
        assertTrue(installed, installed.startsWith("Bundle ID: "));
        String events = "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port") + "/core/events";
        Await.until("the bundle installed with Gogo uninstalled", Duration.ofSeconds(30), () ->
                Http.get(events).body().contains("installed outside Grapevine through Gogo from " + jar.toUri())
                        && List.of(context.getBundles()).stream().noneMatch(
                                b -> "io.grapevine.test.nomodule".equals(b.getSymbolicName())) ? true : null);
    }

    private String gogo(String command) throws Exception {
        ServiceTracker<CommandProcessor, CommandProcessor> tracker =
                new ServiceTracker<>(context, CommandProcessor.class, null);
        tracker.open();
        try {
            CommandProcessor processor = tracker.waitForService(30_000);
            assertNotNull("no Gogo command processor", processor);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            CommandSession session = processor.createSession(System.in, print, print);
            try {
                return String.valueOf(Await.until(command, Duration.ofSeconds(30), () -> session.execute(command)));
            } finally {
                session.close();
            }
        } finally {
            tracker.close();
        }
    }

    @Test
    public void gogoStatusCommandPrintsTheNode() throws Exception {
        ServiceTracker<CommandProcessor, CommandProcessor> tracker =
                new ServiceTracker<>(context, CommandProcessor.class, null);
        tracker.open();
        try {
            CommandProcessor processor = tracker.waitForService(30_000);
            assertNotNull("no Gogo command processor", processor);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            CommandSession session = processor.createSession(System.in, print, print);
            Object result = Await.until("grapevine:status", Duration.ofSeconds(30),
                    () -> session.execute("grapevine:status"));
            session.close();
            assertTrue(String.valueOf(result), String.valueOf(result).contains("pax.node"));
        } finally {
            tracker.close();
        }
    }
}
