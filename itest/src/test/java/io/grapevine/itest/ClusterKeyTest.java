package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.grapevine.core.net.Keyring;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.ClusterTrust;
import io.grapevine.itest.support.CtlRun;
import io.grapevine.itest.support.Distribution;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import io.grapevine.itest.support.Nodes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Issue [J] on real nodes: only holders of the cluster key gossip, and the key rotates with no gap. */
public class ClusterKeyTest {
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final String PROBE = "io.grapevine.test.probe";
    private static final String[] AUTH_REFUSALS = {"unauthenticated", "unknown-key", "bad-mac", "replay"};

    @Test
    public void noMessageWithoutTheClusterKeyReachesAModuleOrTheCoreAndTheKeyRotatesWithoutLosingAnExchange()
            throws Exception {
        try (Nodes cluster = Nodes.start("keys", 5, List.of(List.of("-Dgrapevine.gossip.interval.ms=1000")))) {
            String deployment = created(cluster.get(0).deploy(ModuleJars.probe("1", false, 0)));
            cluster.awaitAllOn(deployment, CONVERGE);
            for (NodeProcess node : cluster.all()) {
                Await.until("probe on " + node.port() + " talking", CONVERGE, () -> stats(node).get("ok").getAsLong() > 5
                        ? true : null);
            }
            NodeProcess target = cluster.get(3);
            String config = target.getJson("/core/config").toString();
            String moduleDeployment = target.modules().get(0).getAsJsonObject().get("deployment").getAsString();

            // Another version's body: a message that reached the module would count as "mixed".
            byte[] body = "evil".getBytes(StandardCharsets.UTF_8);
            String path = "/" + PROBE + "/ping";
            assertEquals(401, post(target, path, body, "X-Grapevine-Module-Deployment", moduleDeployment).statusCode());
            assertEquals(401, post(target, path, body, "X-Grapevine-Module-Deployment", moduleDeployment,
                    "X-Grapevine-From", cluster.get(1).address()).statusCode());
            Keyring stranger = new Keyring(List.of(Keyring.decode(Keyring.generate())), null);
            assertEquals(401, post(target, path, body, "X-Grapevine-Module-Deployment", moduleDeployment,
                    Keyring.AUTH, stranger.sign("POST", path, "127.0.0.1:9", body), Keyring.FROM, "127.0.0.1:9")
                    .statusCode());
            assertEquals("nothing unauthenticated reached the module", 0, stats(target).get("mixed").getAsLong());
            String insider = ClusterTrust.get().keyring().sign("POST", path, "127.0.0.1:9", body);
            assertEquals(200, post(target, path, body, "X-Grapevine-Module-Deployment", moduleDeployment,
                    Keyring.AUTH, insider, Keyring.FROM, "127.0.0.1:9").statusCode());
            assertEquals("a replay is refused", 401, post(target, path, body, "X-Grapevine-Module-Deployment",
                    moduleDeployment, Keyring.AUTH, insider, Keyring.FROM, "127.0.0.1:9").statusCode());
            assertEquals("a client's request carries no sender", 403, post(target, path, body).statusCode());
            byte[] gossip = ("{\"from\":\"127.0.0.1:9\",\"config\":" + config + ",\"trust\":1,\"hints\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            assertEquals(401, post(target, "/core/gossip", gossip, "Content-Type", "application/json").statusCode());
            assertEquals("the jar store is for peers only", 401, Http.get(target.url("/core/bundles/"
                    + target.modules().get(0).getAsJsonObject().get("sha256").getAsString())).statusCode());
            JsonObject after = stats(target);
            assertEquals("one message, the key holder's, reached the module", 1, after.get("mixed").getAsLong());
            assertEquals(1, after.get("clients").getAsLong());
            assertTrue(Nodes.metric(target, "grapevine_refusals_total{reason=\"unauthenticated\"}") >= 3);
            assertEquals(config, target.getJson("/core/config").toString());

            Path work = Files.createTempDirectory(Distribution.targetDir(), "keys-");
            Path newKey = work.resolve("new.key");
            ok(ctl(target, "keys", "generate", "--out", newKey.toString()));
            String oldId = ClusterTrust.get().keyring().primary();
            String newId = Keyring.id(Keyring.decode(Files.readString(newKey)));
            CtlRun.Result install = ctl(target, "keys", "install", newKey.toString());
            ok(install);
            assertEquals(install.out(), 5, install.out().lines().filter(l -> l.contains(newId)).count());
            long refusedBefore = authRefusals(cluster);
            List<Long> okBefore = new ArrayList<>();
            for (NodeProcess node : cluster.all()) {
                okBefore.add(stats(node).get("ok").getAsLong());
            }
            ok(ctl(target, "keys", "use", newId));
            // Exchanges signed with the old key just before the switch finish within their 2 s
            // time-out: once every probe has done 30 more (3 s), none is left in flight.
            for (NodeProcess node : cluster.all()) {
                long done = finished(stats(node));
                Await.until("probe on " + node.port() + " past the switch", CONVERGE, () ->
                        finished(stats(node)) >= done + 30 ? true : null);
            }
            ok(ctl(target, "keys", "remove", oldId));
            CtlRun.Result list = ctl(target, "keys", "list");
            ok(list);
            assertEquals(list.out(), 5, list.out().lines().filter(l -> l.contains("\"primary\":\"" + newId + "\"")
                    && !l.contains(oldId)).count());
            for (int i = 0; i < 5; i++) {
                NodeProcess node = cluster.get(i);
                long before = okBefore.get(i);
                Await.until("probe on " + node.port() + " talking with the new key", CONVERGE, () ->
                        stats(node).get("ok").getAsLong() > before + 20 ? true : null);
            }
            assertEquals("no exchange refused for its key after the new one was everywhere", refusedBefore,
                    authRefusals(cluster));
            String oldKeySigned = ClusterTrust.get().keyring().sign("POST", path, "127.0.0.1:9", body);
            assertEquals("the removed key opens nothing", 401, post(target, path, body, "X-Grapevine-Module-Deployment",
                    moduleDeployment, Keyring.AUTH, oldKeySigned, Keyring.FROM, "127.0.0.1:9").statusCode());

            // The core's numbers on a module message, which its gossip decisions rest on, are the
            // sender's: changed on the way, the MAC fails; the reply's are proven the same way.
            Keyring current = new Keyring(List.of(Keyring.decode(Files.readString(newKey))), null);
            String covered = Keyring.covered(Map.of(Keyring.DEPLOYMENT, deployment, Keyring.MODULE_DEPLOYMENT,
                    moduleDeployment)::get);
            String proven = current.sign("POST", path, "127.0.0.1:9", covered, body);
            HttpResponse<String> changed = post(target, path, body, Keyring.DEPLOYMENT, "99999999999999-0-evil",
                    Keyring.MODULE_DEPLOYMENT, moduleDeployment, Keyring.AUTH, proven, Keyring.FROM, "127.0.0.1:9");
            assertEquals(changed.body(), 401, changed.statusCode());
            assertTrue(changed.body(), changed.body().contains("bad-mac"));
            HttpResponse<String> answered = post(target, path, body, Keyring.DEPLOYMENT, deployment,
                    Keyring.MODULE_DEPLOYMENT, moduleDeployment, Keyring.AUTH, proven, Keyring.FROM, "127.0.0.1:9");
            assertEquals(answered.body(), 200, answered.statusCode());
            String replyCovered = Keyring.covered(name -> answered.headers().firstValue(name).orElse(null));
            assertTrue(replyCovered, replyCovered.contains(Keyring.DEPLOYMENT));
            assertTrue("the reply's numbers are proven", current.verifyReply(
                    answered.headers().firstValue(Keyring.AUTH).orElse(null), proven, 200, replyCovered,
                    answered.body().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static long finished(JsonObject stats) {
        return stats.get("ok").getAsLong() + stats.get("failed").getAsLong() + stats.get("fenced").getAsLong();
    }

    private static long authRefusals(Nodes cluster) throws Exception {
        long total = 0;
        for (NodeProcess node : cluster.all()) {
            for (String reason : AUTH_REFUSALS) {
                total += Nodes.metric(node, "grapevine_refusals_total{reason=\"" + reason + "\"}");
            }
        }
        return total;
    }

    private static JsonObject stats(NodeProcess node) throws Exception {
        return node.getJson("/" + PROBE + "/stats").getAsJsonObject();
    }

    private static HttpResponse<String> post(NodeProcess node, String path, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return Http.send(request, null, null);
    }

    private static CtlRun.Result ctl(NodeProcess node, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("--node", node.url("")));
        command.addAll(List.of(args));
        return CtlRun.run(command, NodeProcess.PASSWORD);
    }

    private static void ok(CtlRun.Result result) {
        assertEquals(result.out() + result.err(), 0, result.code());
    }
}
