package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.ClusterTrust;
import io.grapevine.itest.support.CtlRun;
import io.grapevine.itest.support.Distribution;
import io.grapevine.itest.support.FakePeer;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import io.grapevine.itest.support.Nodes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.Test;

/**
 * Issue [I] on real nodes: only configurations signed by the trust threshold change what runs,
 * tried as an attacker without a key would, and trust itself changes by gossip.
 */
public class SignedDeploymentsTest {
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final String COUNTER = "io.grapevine.example.counter";

    @Test
    public void nothingAnAttackerSendsIsInstalledKeptOrRunAndTheNextHonestDeploymentReachesEveryNode()
            throws Exception {
        byte[] evilJar = ModuleJars.counter(2);
        String evilSha = sha256(evilJar);
        try (Nodes cluster = Nodes.start("attacked", 3, List.of(List.of("-Dgrapevine.gossip.interval.ms=1000")));
                FakePeer attacker = new FakePeer(false)) {
            String honest = created(cluster.get(0).deploy(ModuleJars.counter(1)));
            cluster.awaitAllOn(honest, CONVERGE);
            byte[] plain = ModuleJars.bundleWithoutModule();
            attacker.serveBundle(evilSha, evilJar);
            attacker.serveBundle(sha256(plain), plain);
            long now = System.currentTimeMillis();
            DeployerKey stranger = DeployerKey.generate();
            NodeProcess target = cluster.get(1);

            Configuration evil = config(now + 1_000, evilSha, evilJar.length, "2.0.0", now + 60_000);
            assertRefused(target, attacker, evil, "unsigned");
            assertRefused(target, attacker, evil.signedBy(stranger.sign(evil)), "bad-signature");
            Configuration tampered = config(now + 2_000, evilSha, evilJar.length, "2.0.0", now + 60_000);
            Configuration otherwise = config(now + 2_000, "c".repeat(64), evilJar.length, "2.0.0", now + 60_000);
            assertRefused(target, attacker, new Configuration(tampered.deployment(), tampered.modules(),
                    tampered.trust(), tampered.expires(), otherwise.signedBy(trusted(otherwise)).signatures()),
                    "bad-signature");
            Configuration expired = config(now + 3_000, evilSha, evilJar.length, "2.0.0", now - 1);
            assertRefused(target, attacker, expired.signedBy(trusted(expired)), "expired");
            Configuration farFuture = config(now + 3_600_000, evilSha, evilJar.length, "2.0.0", now + 7_200_000);
            assertRefused(target, attacker, farFuture.signedBy(trusted(farFuture)), "too-far-ahead");
            assertEquals("year 10000 does not even parse", 400, gossip(target, message(attacker.address(),
                    "{\"deployment\":\"253402300800001-2147483647-evil\",\"modules\":[],\"signatures\":[]}"))
                    .statusCode());
            Configuration notAModule = config(now + 4_000, sha256(plain), plain.length, "1.0.0", now + 60_000, "plain");
            assertEquals(200, gossip(target, message(attacker.address(),
                    CanonicalJson.write(notAModule.signedBy(trusted(notAModule))))).statusCode());
            Await.until("the plain bundle refused", CONVERGE, () ->
                    Nodes.metric(target, "grapevine_refusals_total{reason=\"not-a-module\"}") > 0 ? true : null);

            List<Configuration> before = List.of(CanonicalJson.read(target.getJson("/core/config").toString()));
            Configuration older = CanonicalJson.read(cluster.get(2).getJson("/core/history").getAsJsonArray().get(0)
                    .toString());
            assertEquals("a replayed older configuration is answered with the newer one", 200,
                    gossip(target, message(attacker.address(), CanonicalJson.write(older))).statusCode());
            assertEquals(403, submit(target, CanonicalJson.write(evil.signedBy(stranger.sign(evil)))).statusCode());
            TrustRoot takeover = ClusterTrust.get().root().next(1, java.util.Map.of(stranger.id(),
                    stranger.publicKeyText()));
            takeover = takeover.signedBy(new Configuration.Signature(stranger.id(), stranger.sign(takeover.signedBytes())));
            assertEquals(403, rotate(target, TrustRoot.writeChain(List.of(takeover))).statusCode());

            for (NodeProcess node : cluster.all()) {
                assertEquals(honest, node.deployment());
                assertEquals("1.0.0", node.modules().get(0).getAsJsonObject().get("version").getAsString());
                assertTrue("no forged jar kept", !Files.exists(node.data().resolve("bundles/" + evilSha + ".jar")));
            }
            assertEquals(before, List.of(CanonicalJson.read(target.getJson("/core/config").toString())));
            assertTrue(Nodes.metric(target, "grapevine_refusals_total{reason=\"unsigned\"}") >= 1);

            String next = created(cluster.get(2).deploy(ModuleJars.counter(2)));
            cluster.awaitAllOn(next, CONVERGE);
        }
    }

    @Test
    public void twoOfThreeKeysThenARevokedKeyDeploysNothingAnywhere() throws Exception {
        Path work = Files.createTempDirectory(Distribution.targetDir(), "deployers-");
        try (Nodes cluster = Nodes.start("quorum", 5, List.of(List.of("-Dgrapevine.gossip.interval.ms=1000")))) {
            NodeProcess entry = cluster.get(2);
            Path b = work.resolve("b.key");
            Path c = work.resolve("c.key");
            assertOk(ctl(entry, "keygen", "--out", b.toString()));
            assertOk(ctl(entry, "keygen", "--out", c.toString()));
            Path clusterKey = ClusterTrust.get().keyFile();

            Path rotation = work.resolve("trust-2.json");
            assertOk(ctl(entry, "trust", "propose", "--add", b + ".pub", "--add", c + ".pub", "--threshold", "2",
                    "--out", rotation.toString()));
            assertOk(ctl(entry, "sign", rotation.toString(), "--key", clusterKey.toString()));
            assertOk(ctl(entry, "trust", "submit", rotation.toString()));
            awaitTrust(cluster, 2);

            Path proposal = work.resolve("proposal.json");
            assertOk(ctl(entry, "propose", "deploy", Distribution.home().resolve("examples/counter-1.0.0.jar").toString(),
                    "--out", proposal.toString()));
            assertOk(ctl(entry, "sign", proposal.toString(), "--key", b.toString()));
            CtlRun.Result once = ctl(entry, "deploy", proposal.toString());
            assertEquals(once.err(), 1, once.code());
            assertTrue(once.err(), once.err().contains("1 valid signatures of trusted keys, 2 are needed"));
            assertEquals(403, cluster.get(0).deploy(ModuleJars.counter(1)).statusCode());

            assertOk(ctl(entry, "sign", proposal.toString(), "--key", c.toString()));
            CtlRun.Result twice = ctl(entry, "deploy", proposal.toString());
            assertOk(twice);
            String deployment = CanonicalJson.read(Files.readString(proposal)).deployment().toString();
            cluster.awaitAllOn(deployment, CONVERGE);
            assertTrue(twice.out(), twice.out().contains("5/5 nodes on " + deployment));

            Path revocation = work.resolve("trust-3.json");
            assertOk(ctl(entry, "trust", "propose", "--revoke", ClusterTrust.get().key().id(), "--out",
                    revocation.toString()));
            assertOk(ctl(entry, "sign", revocation.toString(), "--key", b.toString()));
            assertOk(ctl(entry, "sign", revocation.toString(), "--key", c.toString()));
            assertOk(ctl(cluster.get(4), "trust", "submit", revocation.toString()));
            awaitTrust(cluster, 3);
            for (NodeProcess node : cluster.all()) {
                HttpResponse<String> refused = node.deploy(ModuleJars.counter(2));
                assertEquals(refused.body(), 403, refused.statusCode());
            }
            CtlRun.Result withRevoked = ctl(entry, "deploy", "--key", clusterKey.toString(),
                    Distribution.home().resolve("examples/counter-2.0.0.jar").toString());
            assertEquals(withRevoked.err(), 1, withRevoked.code());
            for (NodeProcess node : cluster.all()) {
                assertEquals(deployment, node.deployment());
            }
        }
    }

    private static void awaitTrust(Nodes cluster, long version) {
        Await.until("every node on trust version " + version, CONVERGE, () -> {
            for (NodeProcess node : cluster.all()) {
                if (node.getJson("/core/trust").getAsJsonArray().get(0).getAsJsonObject().get("version").getAsLong()
                        != version) {
                    return null;
                }
            }
            return true;
        });
    }

    private static CtlRun.Result ctl(NodeProcess node, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("--node", node.url(""), "--timeout", "60"));
        command.addAll(List.of(args));
        return CtlRun.run(command, NodeProcess.PASSWORD);
    }

    private static void assertOk(CtlRun.Result result) {
        assertEquals(result.out() + result.err(), 0, result.code());
    }

    private static void assertRefused(NodeProcess node, FakePeer from, Configuration config, String reason)
            throws Exception {
        long before = Nodes.metric(node, "grapevine_refusals_total{reason=\"" + reason + "\"}");
        HttpResponse<String> answer = gossip(node, message(from.address(), CanonicalJson.write(config)));
        assertEquals(answer.body(), 403, answer.statusCode());
        assertTrue(answer.body(), answer.body().contains(reason));
        assertEquals(before + 1, Nodes.metric(node, "grapevine_refusals_total{reason=\"" + reason + "\"}"));
    }

    private static Configuration.Signature trusted(Configuration config) {
        return ClusterTrust.get().key().sign(config);
    }

    private static Configuration config(long time, String sha, long size, String version, long expires) {
        return config(time, sha, size, version, expires, COUNTER);
    }

    private static Configuration config(long time, String sha, long size, String version, long expires, String name) {
        DeploymentNumber number = new DeploymentNumber(time, 0, "evil");
        return new Configuration(number, List.of(new ModuleEntry(name, sha, size, version, number)))
                .terms(1, expires);
    }

    private static String message(String from, String config) {
        return "{\"from\":\"" + from + "\",\"config\":" + config + ",\"trust\":1,\"hints\":[]}";
    }

    /** Gossip as an insider holding the cluster key but no deployer key: the attacker the trust root stops. */
    private static HttpResponse<String> gossip(NodeProcess node, String body) throws Exception {
        java.util.regex.Matcher from = java.util.regex.Pattern.compile("\"from\":\"([^\"]*)\"").matcher(body);
        from.find();
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Http.send(ClusterTrust.get().asPeer(HttpRequest.newBuilder(URI.create(node.url("/core/gossip"))),
                "POST", "/core/gossip", from.group(1), bytes).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), null, null);
    }

    private static HttpResponse<String> submit(NodeProcess node, String body) throws Exception {
        return post(node, "/core/deployments", body);
    }

    private static HttpResponse<String> rotate(NodeProcess node, String body) throws Exception {
        return post(node, "/core/trust", body);
    }

    private static HttpResponse<String> post(NodeProcess node, String path, String body) throws Exception {
        return Http.send(HttpRequest.newBuilder(URI.create(node.url(path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), null, null);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
