package io.grapevine.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.grapevine.core.config.CanonicalJson;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.ClusterTrust;
import io.grapevine.itest.support.FakePeer;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import io.grapevine.itest.support.Nodes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** A real node against peers that lie, stall or send garbage. */
public class PeerFaultsTest {
    private static NodeProcess node;

    @BeforeClass
    public static void startNode() throws Exception {
        node = NodeProcess.start("faults", List.of(), List.of("-Dgrapevine.gossip.interval.ms=1000"));
    }

    @AfterClass
    public static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void garbageOversizedAndImpossibleGossipIsRefusedAndChangesNothing() throws Exception {
        String before = node.getJson("/core/config").toString();
        assertEquals(400, gossip("this is not json").statusCode());
        assertEquals(400, gossip("{\"from\":\"127.0.0.1:1\"}").statusCode());
        assertEquals(413, statusOfOversizedGossip(300_000));
        assertEquals(400, gossip(message("127.0.0.1:1", "99999999999999999-0-evil", "1-0-evil")).statusCode());
        assertEquals(400, gossip(message("127.0.0.1:1", "5--1-evil", "1-0-evil")).statusCode());
        assertEquals("a module cannot change after its configuration", 400,
                gossip(message("127.0.0.1:1", "5-0-evil", "9-0-evil")).statusCode());
        assertEquals(400, gossip(message("not an address", "5-0-evil", "1-0-evil")).statusCode());
        assertEquals(before, node.getJson("/core/config").toString());
        assertEquals(200, Http.get(node.url("/core/status")).statusCode());
    }

    @Test
    public void aJarWithTheWrongHashIsDiscardedAndFetchedFromAnotherPeer() throws Exception {
        byte[] jar = ModuleJars.counter(1);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
        byte[] forged = new byte[jar.length];
        new Random(3).nextBytes(forged);
        try (FakePeer liar = new FakePeer(false); FakePeer honest = new FakePeer(false)) {
            liar.serveBundle(sha, forged);
            honest.serveBundle(sha, jar);
            String deployment = (System.currentTimeMillis() + 60_000) + "-0-fake";
            String config = signed(config(deployment, "io.grapevine.example.counter", sha, jar.length, "1.0.0",
                    deployment));

            assertEquals(200, gossip(message(liar.address(), config)).statusCode());
            Await.until("the forged jar refused", Duration.ofSeconds(30), () ->
                    events("bundle-fetch-refused").stream().anyMatch(d -> d.contains("wrong hash")) ? true : null);
            assertTrue(Nodes.metric(node, "grapevine_bundle_fetch_failures_total") >= 1);

            // Told again until it takes: news heard while the failed catch-up is still winding down
            // is ignored as already pending, as a real peer's next round would repeat it.
            Await.until("the deployment applied", Duration.ofSeconds(30), () -> {
                if (deployment.equals(node.deployment())) {
                    return true;
                }
                assertEquals(200, gossip(message(honest.address(), config)).statusCode());
                return null;
            });
            assertEquals("running", node.modules().get(0).getAsJsonObject().get("state").getAsString());
        }
    }

    @Test
    public void aPeerThatNeverAnswersIsDroppedAndHoldsNothingUp() throws Exception {
        try (FakePeer silent = new FakePeer(true)) {
            assertEquals(200, gossip(message(silent.address(), "{\"deployment\":null,\"modules\":[],\"signatures\":[]}"))
                    .statusCode());
            assertTrue(hints().contains(silent.address()));
            Await.until("the silent peer dropped from the hints", Duration.ofSeconds(90), () ->
                    hints().contains(silent.address()) ? null : true);
            assertEquals(200, Http.get(node.url("/core/status")).statusCode());
        }
    }

    /**
     * Announces a body of {@code length} bytes and sends none of it: the node must refuse on the
     * declared size alone, before reading (an HTTP client would still be writing into the socket).
     */
    private static int statusOfOversizedGossip(int length) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /core/gossip HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static List<String> hints() throws Exception {
        JsonArray hints = node.status().getAsJsonArray("hints");
        return hints.asList().stream().map(h -> h.getAsJsonObject().get("address").getAsString()).toList();
    }

    private static List<String> events(String type) throws Exception {
        return node.getJson("/core/events").getAsJsonArray().asList().stream().map(JsonElement::getAsJsonObject)
                .filter(e -> e.get("type").getAsString().equals(type)).map(e -> e.get("detail").getAsString()).toList();
    }

    private static String config(String deployment, String module, String sha, long size, String version,
            String moduleDeployment) {
        JsonObject m = new JsonObject();
        m.addProperty("name", module);
        m.addProperty("sha256", sha);
        m.addProperty("size", size);
        m.addProperty("version", version);
        m.addProperty("deployment", moduleDeployment);
        JsonArray modules = new JsonArray();
        modules.add(m);
        JsonObject config = new JsonObject();
        config.addProperty("deployment", deployment);
        config.add("modules", modules);
        config.add("signatures", new JsonArray());
        return config.toString();
    }

    /** The configuration signed by the cluster's deployer key, as a trusted deployer would. */
    private static String signed(String config) {
        return CanonicalJson.write(ClusterTrust.get().sign(CanonicalJson.read(config), System.currentTimeMillis()));
    }

    private static String message(String from, String deployment, String moduleDeployment) {
        return message(from, config(deployment, "m", "a".repeat(64), 10, "1.0.0", moduleDeployment));
    }

    private static String message(String from, String config) {
        return "{\"from\":\"" + from + "\",\"config\":" + config + ",\"hints\":[]}";
    }

    /** Gossip as a peer holding the cluster key sends it, claiming the address the message names. */
    private static HttpResponse<String> gossip(String body) throws Exception {
        java.util.regex.Matcher from = java.util.regex.Pattern.compile("\"from\":\"([^\"]*)\"").matcher(body);
        String sender = from.find() && from.group(1).matches("[A-Za-z0-9.:]+:[0-9]+") ? from.group(1) : "127.0.0.1:1";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Http.send(ClusterTrust.get().asPeer(HttpRequest.newBuilder(URI.create(node.url("/core/gossip"))),
                "POST", "/core/gossip", sender, bytes).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), null, null);
    }
}
