package io.grapevine.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.FreePort;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.KarafProcess;
import io.grapevine.itest.support.ModuleJars;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/**
 * Grapevine in a real Apache Karaf 4.4 (the distribution from Maven Central): the features
 * repository is added and {@code grapevine-core} and {@code grapevine-modules} are installed at boot
 * (Karaf's {@code etc/org.apache.karaf.features.cfg}, the file form of {@code feature:repo-add} and
 * {@code feature:install}); the core answers, the counter example that {@code grapevine-modules}
 * delivers deploys and runs, and Karaf stops cleanly.
 */
public class KarafTest {
    private static final String PASSWORD = "karaf-itest-secret";
    private static final String COUNTER = "io.grapevine.example.counter";

    private KarafProcess karaf;

    @After
    public void killKaraf() {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void coreInstallsFromTheFeaturesRepositoryDeploysTheCounterAndKarafStopsCleanly() throws Exception {
        long begin = System.nanoTime();
        karaf = KarafProcess.fresh("karaf");
        // Karaf's own listeners on free ports too, so the test never collides with anything: one
        // block, so that the four differ.
        int http;
        try (FreePort.Block ports = FreePort.reserve(4)) {
            http = ports.base();
        }
        String url = "http://127.0.0.1:" + http;
        karaf.configure("org.apache.karaf.shell.cfg", Map.of("sshPort", Integer.toString(http + 1)));
        karaf.configure("org.apache.karaf.management.cfg", Map.of(
                "rmiRegistryPort", Integer.toString(http + 2),
                "rmiServerPort", Integer.toString(http + 3)));
        // What an operator puts in etc/system.properties (README, "Apache Karaf").
        karaf.append("system.properties", List.of("",
                "org.osgi.service.http.port = " + http,
                "grapevine.node.id = karaf.itest",
                "grapevine.data = ${karaf.data}/grapevine",
                "grapevine.admin.password = " + PASSWORD,
                "felix.webconsole.security.providers = grapevine"));
        // Grapevine's artifacts come from karaf-features/target/repository (no `mvn install`), the
        // rest from this build's local repository, where karaf:verify already put them.
        String repository = Path.of(System.getProperty("itest.karaf.repository")).toAbsolutePath().normalize()
                .toUri().toString();
        karaf.configure("org.ops4j.pax.url.mvn.cfg", Map.of(
                "org.ops4j.pax.url.mvn.localRepository", System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("user.home") + "/.m2/repository"),
                "org.ops4j.pax.url.mvn.defaultRepositories", repository + "@id=grapevine@snapshots, "
                        + karaf.setting("org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories"),
                "org.ops4j.pax.url.mvn.repositories", "https://repo1.maven.org/maven2@id=central"));
        String features = System.getProperty("itest.features.url");
        karaf.configure("org.apache.karaf.features.cfg", Map.of(
                "featuresRepositories", karaf.setting("org.apache.karaf.features.cfg", "featuresRepositories")
                        + ", " + features,
                "featuresBoot", karaf.setting("org.apache.karaf.features.cfg", "featuresBoot")
                        + ", grapevine-core, grapevine-modules"));

        long start = System.nanoTime();
        karaf.start();
        JsonObject status = Await.until("Karaf to install grapevine-core and answer " + url + "/core/status (see "
                + karaf.log() + ")", Duration.ofSeconds(180), () -> {
                    karaf.assertAlive();
                    HttpResponse<String> r = Http.get(url + "/core/status");
                    return r.statusCode() == 200 ? JsonParser.parseString(r.body()).getAsJsonObject() : null;
                });
        long up = System.nanoTime();
        assertEquals("karaf.itest", status.get("nodeId").getAsString());
        assertEquals("127.0.0.1:" + http, status.get("address").getAsString());
        assertTrue(status.toString(), status.get("deployment").isJsonNull());

        // grapevine-modules put the example's jars under Karaf's base folder: the very jars the
        // distribution ships.
        for (int version : new int[] {1, 2}) {
            Path delivered = karaf.base().resolve("grapevine/examples/counter-" + version + ".0.0.jar");
            byte[] expected = ModuleJars.counter(version);
            // Compared whole, and awaited: Karaf may still be writing the file when it first appears.
            Await.until(delivered + " from grapevine-modules (see " + karaf.log() + ")", Duration.ofSeconds(60),
                    () -> Files.isRegularFile(delivered) && Arrays.equals(expected, Files.readAllBytes(delivered))
                            ? Boolean.TRUE : null);
        }
        byte[] jar = ModuleJars.counter(1);

        assertEquals("no credential, no deployment", 401, deploy(url, jar, null).statusCode());
        HttpResponse<String> created = deploy(url, jar, PASSWORD);
        assertEquals(created.body(), 201, created.statusCode());
        String deployment = JsonParser.parseString(created.body()).getAsJsonObject().get("deployment").getAsString();
        JsonObject value = Await.until("the counter to answer (see " + karaf.log() + ")", Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = Http.get(url + "/" + COUNTER + "/value");
            return r.statusCode() == 200 ? JsonParser.parseString(r.body()).getAsJsonObject() : null;
        });
        assertEquals("1.0.0", value.get("version").getAsString());
        JsonObject after = JsonParser.parseString(Http.get(url + "/core/status").body()).getAsJsonObject();
        assertEquals(deployment, after.get("deployment").getAsString());
        assertEquals("running", after.getAsJsonArray("modules").get(0).getAsJsonObject().get("state").getAsString());
        assertTrue("the store is in Karaf's data folder (${karaf.data}/grapevine)",
                Files.isRegularFile(karaf.base().resolve("data/grapevine/history.json")));

        // The Web Console (grapevine-console) with the core's Grapevine tab, behind the same password.
        HttpResponse<String> tab = Await.until("the Grapevine tab (see " + karaf.log() + ")", Duration.ofSeconds(60),
                () -> {
                    HttpResponse<String> r = Http.get(url + "/system/console/grapevine", "admin", PASSWORD);
                    return r.statusCode() == 200 ? r : null;
                });
        assertEquals(401, Http.get(url + "/system/console/grapevine").statusCode());
        assertTrue(tab.body(), tab.body().contains(deployment));

        long stopping = System.nanoTime();
        assertEquals("bin/karaf's exit code after bin/stop (see " + karaf.console() + ")", 0, karaf.stop(60));
        long end = System.nanoTime();
        List<String> errors = Files.readAllLines(karaf.log()).stream().filter(l -> l.contains("| ERROR |")).toList();
        assertTrue("errors in " + karaf.log() + ": " + errors, errors.isEmpty());
        System.out.printf("[measure] Karaf: copy and configure %d ms, start to /core/status %d ms, bin/stop to exit %d ms,"
                + " whole test %d ms%n", ms(start - begin), ms(up - start), ms(end - stopping), ms(end - begin));
        karaf.delete();
    }

    private static HttpResponse<String> deploy(String url, byte[] jar, String password) throws Exception {
        return Http.send(HttpRequest.newBuilder(URI.create(url + "/core/deployments"))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)), password == null ? null : "admin", password);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
