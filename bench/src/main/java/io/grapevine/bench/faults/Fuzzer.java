package io.grapevine.bench.faults;

import io.grapevine.core.net.Keyring;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Malformed and hostile requests over every endpoint of a node, generated from a seed: the same
 * seed gives the same requests. None can change what the node runs: admin calls carry no password,
 * a wrong one, or the right one with a body or parameter that is invalid; gossip is unsigned,
 * forged (another key), replayed, oversized or malformed; a configuration sent is unsigned,
 * badly signed, or the node's own current one again.
 */
final class Fuzzer {
    /** One request: the endpoint it aims at (for the counts), its bytes, and a replay of it to send next, if any. */
    record Request(String endpoint, byte[] head, byte[] body, boolean sendBody, Request replay) {
        /** Whether it carries {@code password} as the admin's (and so costs the node a PBKDF2 check). */
        boolean carries(String password) {
            return new String(head, StandardCharsets.ISO_8859_1).contains(basic("admin", password));
        }
    }

    /** What the fuzzer may use of the node under test. */
    record Target(String host, int port, String password, Keyring keyring, String module, List<String> shas,
            String currentConfig, String primaryKeyId) {
    }

    static final List<String> ENDPOINTS = List.of("/core/status", "/core/config", "/core/history", "/core/events",
            "/core/metrics", "/core/bundles", "/core/gossip", "/core/deployments (jar)", "/core/deployments (JSON)",
            "/core/rollback", "/core/proposals", "/core/trust", "/core/keys", "/core/roster", "module paths",
            "HTTP framing");
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE",
        "CONNECT", "PROPFIND", "get", "FOO"};

    private final Random random;
    private final Target target;
    private final Keyring forger = new Keyring(List.of(Keyring.decode(Keyring.generate())), null);

    Fuzzer(long seed, Target target) {
        this.random = new Random(seed);
        this.target = target;
    }

    List<Request> generate(int count) {
        List<Request> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(next(ENDPOINTS.get(random.nextInt(ENDPOINTS.size()))));
        }
        return all;
    }

    private Request next(String endpoint) {
        return switch (endpoint) {
            case "/core/status", "/core/config", "/core/history", "/core/events", "/core/metrics" ->
                read(endpoint, endpoint);
            case "/core/bundles" -> bundles();
            case "/core/gossip" -> gossip();
            case "/core/deployments (jar)" -> jar("/core/deployments" + maybe("?remove=" + garbageName()));
            case "/core/deployments (JSON)" -> configuration();
            case "/core/rollback" -> admin(endpoint, "POST", "/core/rollback" + pick(
                    "", "?to=", "?to=" + garbage(20), "?to=1-0-nobody", "?to=" + random.nextLong() + "-0-x",
                    "?to=99999999999999999-0-evil", "?to=5--1-x", "?to=%zz", "?to=" + "9".repeat(400)), new byte[0]);
            case "/core/proposals" -> random.nextBoolean() ? jar("/core/proposals")
                    : admin(endpoint, "POST", "/core/proposals?rollback=" + pick("", "1-0-nobody", "%C3%28", garbage(12)),
                    new byte[0]);
            case "/core/trust" -> trust();
            case "/core/keys" -> keys();
            case "/core/roster" -> admin(endpoint, "POST", "/core/roster" + pick("", "?forget=", "?forget=" + garbage(10),
                    "?forget=127.0.0.1", "?forget=host:99999999", "?forget=%00:1", "?forget=" + "a".repeat(300) + ":1"),
                    new byte[0]);
            case "module paths" -> module();
            default -> framing();
        };
    }

    /** A read endpoint with odd methods, queries, path tails and headers. */
    private Request read(String endpoint, String path) {
        String method = random.nextInt(10) < 6 ? "GET" : METHODS[random.nextInt(METHODS.length)];
        String full = path + pick("", "", "/", "/x", "/../status", "%2f..", "?" + query(), "?" + query() + "&" + query(),
                ";jsessionid=" + garbage(8));
        byte[] body = random.nextInt(5) == 0 ? bytes(random.nextInt(2000)) : new byte[0];
        return request(endpoint, method, full, headers(), body);
    }

    private Request bundles() {
        String sha = target.shas().isEmpty() ? hex(64) : target.shas().get(random.nextInt(target.shas().size()));
        String tail = pick(hex(64), hex(63), hex(65), sha, sha.toUpperCase(), sha + ".jar", "../history.json",
                "%2e%2e%2fhistory.json", "", garbage(30), sha + "/x");
        String path = "/core/bundles/" + tail;
        String auth = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> peer(forger, "GET", path, "127.0.0.1:9", new byte[0]);
            case 2 -> peer(target.keyring(), "GET", path, "127.0.0.1:9", new byte[0]);
            default -> Keyring.AUTH + ": " + garbage(40) + "\r\n" + Keyring.FROM + ": " + garbage(12) + "\r\n";
        };
        return request("/core/bundles", random.nextInt(8) == 0 ? "POST" : "GET", path, auth, new byte[0]);
    }

    private Request gossip() {
        String path = "/core/gossip";
        String from = pick("127.0.0.1:9", "127.0.0.1:1", "not an address", "10.0.0.1:8080", garbage(10));
        byte[] body = gossipBody(from).getBytes(StandardCharsets.UTF_8);
        int kind = random.nextInt(7);
        String json = "Content-Type: application/json\r\n";
        return switch (kind) {
            case 0 -> request("/core/gossip", "POST", path, json, body); // unsigned
            case 1 -> request("/core/gossip", "POST", path, json + peer(forger, "POST", path, "127.0.0.1:9", body), body);
            case 2 -> { // signed once with the real key, then sent again: the second must be a replay
                String signed = json + peer(target.keyring(), "POST", path, "127.0.0.1:9", body);
                Request replay = request("/core/gossip", "POST", path, signed, body);
                yield new Request("/core/gossip", replay.head(), body, true, replay);
            }
            case 3 -> { // oversized: the declared length alone is over the limit
                byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + json
                        + "Content-Length: " + (262_145 + random.nextInt(1 << 24)) + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
                yield new Request("/core/gossip", head, bytes(random.nextInt(4096)), true, null);
            }
            case 4 -> { // a signed MAC over another body
                String mac = peer(target.keyring(), "POST", path, "127.0.0.1:9", bytes(20));
                yield request("/core/gossip", "POST", path, json + mac, body);
            }
            default -> { // the real key, a body that must not parse as a message
                byte[] bad = pick("", "null", "[]", "{}", "{\"from\":\"127.0.0.1:9\"}", garbage(200),
                        "{\"from\":\"127.0.0.1:9\",\"config\":" + "[".repeat(100) + "]".repeat(100) + "}",
                        "{\"from\":\"127.0.0.1:9\",\"config\":{\"deployment\":\"5--1-x\",\"modules\":[]}}",
                        "{\"from\":\"127.0.0.1:8\",\"config\":{\"deployment\":null,\"modules\":[]},\"hints\":[]}",
                        "{\"from\":\"127.0.0.1:9\",\"config\":{\"deployment\":\"5-0-e\",\"modules\":[{\"name\":\"m\","
                                + "\"sha256\":\"" + hex(64) + "\",\"size\":10,\"version\":\"1\",\"deployment\":\"9-0-e\"}]},"
                                + "\"hints\":[]}",
                        "{\"from\":\"127.0.0.1:9\",\"config\":{\"deployment\":\"99999999999999999-0-e\",\"modules\":[]}}")
                        .getBytes(StandardCharsets.UTF_8);
                yield request("/core/gossip", "POST", path, json + peer(target.keyring(), "POST", path, "127.0.0.1:9", bad),
                        bad);
            }
        };
    }

    private String gossipBody(String from) {
        String config = pick(target.currentConfig(), "{\"deployment\":\"" + (System.currentTimeMillis() + 1000)
                + "-0-evil\",\"modules\":[],\"signatures\":[]}", "{\"deployment\":\"" + (System.currentTimeMillis() + 1000)
                + "-0-evil\",\"modules\":[],\"signatures\":[{\"key\":\"" + hex(8) + "\",\"sig\":\"" + base64(64) + "\"}]}",
                garbage(50));
        return "{\"from\":\"" + from + "\",\"config\":" + config + ",\"hints\":[\"" + garbage(5) + "\"]}";
    }

    /** A jar upload: no credential, a wrong one, or the right one with a jar that is not a module bundle. */
    private Request jar(String path) {
        byte[] body = switch (random.nextInt(5)) {
            case 0 -> new byte[0];
            case 1 -> bytes(random.nextInt(100_000));
            case 2 -> zipWithout();
            case 3 -> ("PK\u0003\u0004" + garbage(500)).getBytes(StandardCharsets.ISO_8859_1);
            default -> "hello, I am text".getBytes(StandardCharsets.UTF_8);
        };
        String type = pick("Content-Type: application/java-archive\r\n", "Content-Type: application/octet-stream\r\n",
                "", "Content-Type: " + garbage(10) + "\r\n");
        return admin(path.startsWith("/core/proposals") ? "/core/proposals" : "/core/deployments (jar)", "POST", path,
                body, type);
    }

    private Request configuration() {
        String body = pick(target.currentConfig(), "{\"deployment\":\"" + (System.currentTimeMillis() + 1000)
                + "-0-evil\",\"modules\":[],\"signatures\":[]}", "{\"deployment\":null,\"modules\":[]}", garbage(300),
                "[".repeat(64) + "]".repeat(64), "{\"deployment\":\"" + (System.currentTimeMillis() + 5000)
                + "-0-evil\",\"modules\":[],\"signatures\":[{\"key\":\"" + hex(8) + "\",\"sig\":\"" + base64(64) + "\"}],"
                + "\"trust\":1,\"expires\":" + Long.MAX_VALUE + "}", "{\"modules\":\"x\"}");
        return request("/core/deployments (JSON)", "POST", "/core/deployments" + maybe("?" + query()),
                "Content-Type: application/json\r\n" + credential(false), body.getBytes(StandardCharsets.UTF_8));
    }

    private Request trust() {
        if (random.nextInt(3) == 0) {
            return read("/core/trust", "/core/trust");
        }
        String body = pick("", "[]", "{}", garbage(300), "[{\"version\":2,\"threshold\":1,\"keys\":[\"" + base64(44)
                + "\"],\"signatures\":[]}]", "[{\"version\":1,\"threshold\":0,\"keys\":[]}]",
                "[{\"version\":2,\"threshold\":1,\"keys\":[\"" + base64(44) + "\"],\"signatures\":[{\"key\":\"" + hex(8)
                        + "\",\"sig\":\"" + base64(64) + "\"}]}]", "{".repeat(40));
        return request("/core/trust", "POST", "/core/trust", "Content-Type: application/json\r\n" + credential(false),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private Request keys() {
        String path = "/core/keys" + pick("", "?install", "?use=" + hex(8), "?remove=" + hex(8),
                "?remove=" + target.primaryKeyId(), "?use=", "?" + query());
        byte[] body = pick("", garbage(30) + "!", "!!" + base64(44), "AAAA", garbage(2000))
                .getBytes(StandardCharsets.ISO_8859_1);
        String method = random.nextInt(4) == 0 ? "GET" : "POST";
        return admin("/core/keys", method, path, body, "");
    }

    private Request module() {
        String name = pick(target.module(), target.module(), "io.grapevine.nope", garbage(8), "system", "core");
        String path = "/" + name + pick("/value", "/", "", "/x/y", "/value?" + query(), "/%2e%2e/core/config", "/" + garbage(6));
        String method = random.nextInt(3) == 0 ? METHODS[random.nextInt(METHODS.length)] : "GET";
        byte[] body = random.nextInt(3) == 0 ? bytes(random.nextInt(5000)) : new byte[0];
        String stamp = switch (random.nextInt(5)) {
            case 0 -> peer(forger, method, path, "127.0.0.1:9", body);
            case 1 -> peer(target.keyring(), method, path, "127.0.0.1:9", body) + "X-Grapevine-Deployment: " + garbage(6)
                    + "\r\nX-Grapevine-Module-Deployment: 1-0-x\r\n";
            case 2 -> "X-Grapevine-Deployment: 1-0-x\r\nX-Grapevine-Module-Deployment: 1-0-x\r\n";
            default -> "";
        };
        return request("module paths", method, path, stamp + headers(), body);
    }

    /** Requests whose HTTP itself is broken. */
    private Request framing() {
        String head = pick(
                "GET /core/status HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n",
                "GET /core/status HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                "POST /core/gossip HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde",
                "POST /core/gossip HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n",
                "POST /core/deployments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
                "GET /core/status HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /core/status\r\n\r\n",
                "GET  /core/status  HTTP/1.1\r\nHost: x\r\n\r\n",
                "\u0000\u0001\u0002garbage\r\n\r\n",
                "GET /core/status HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                "GET /core/status HTTP/1.1\r\nHost: x\r\nX: \u0000\u0007\r\n\r\n",
                "GET /" + "a".repeat(20000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /core/status?" + "a=1&".repeat(3000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /core/gossip HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc",
                "GET http://evil.example/core/status HTTP/1.1\r\nHost: evil.example\r\n\r\n",
                "GET /core/status HTTP/1.1\r\n" + "X-A: b\r\n".repeat(500) + "\r\n",
                "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /core/%00 HTTP/1.1\r\nHost: x\r\n\r\n",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                "GET /core/status HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        return new Request("HTTP framing", (head.contains("Connection:") ? head : head.replaceFirst("\r\n",
                "\r\nConnection: close\r\n")).getBytes(StandardCharsets.ISO_8859_1), new byte[0], false, null);
    }

    /** An admin call: no credential, a wrong one, a malformed one, or the right one (the body or query is invalid). */
    private Request admin(String endpoint, String method, String path, byte[] body) {
        return admin(endpoint, method, path, body, "");
    }

    private Request admin(String endpoint, String method, String path, byte[] body, String extra) {
        return request(endpoint, method, path, extra + credential(true), body);
    }

    private String credential(boolean mayBeRight) {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> basic("admin", garbage(8));
            case 2 -> basic(garbage(5), target.password());
            case 3 -> "Authorization: " + pick("Basic", "Basic !!!", "Bearer x", "Basic " + base64(300), garbage(20)) + "\r\n";
            default -> mayBeRight ? basic("admin", target.password()) : basic("admin", "admin");
        };
    }

    private static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    private static String peer(Keyring keyring, String method, String path, String from, byte[] body) {
        return Keyring.AUTH + ": " + keyring.sign(method, path, from, body) + "\r\n" + Keyring.FROM + ": " + from + "\r\n";
    }

    private String headers() {
        return switch (random.nextInt(6)) {
            case 0 -> "Accept: " + garbage(30) + "\r\n";
            case 1 -> "Content-Type: " + pick("application/json", "text/plain; charset=ebcdic", garbage(20)) + "\r\n";
            case 2 -> "Cookie: grapevine-console-token=" + garbage(40) + "\r\n";
            case 3 -> "Range: bytes=" + garbage(10) + "\r\n";
            default -> "";
        };
    }

    private Request request(String endpoint, String method, String path, String headers, byte[] body) {
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: " + target.host() + ":" + target.port()
                + "\r\nConnection: close\r\n" + headers + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        return new Request(endpoint, head, body, true, null);
    }

    private String query() {
        return pick("a=%zz", "%zz=1", "a=%", "a=%C3%28", "a=caf%C3%A9", "to=" + garbage(5), "x=" + "y".repeat(3000),
                "remove=", "a&&&b==", "%00=%00", "a=" + hex(10));
    }

    private String maybe(String s) {
        return random.nextInt(3) == 0 ? s : "";
    }

    private String garbageName() {
        return "io.nope." + hex(6);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Printable text that URL-safe paths can carry, and that is not valid base64 of a key (it has '!'). */
    private String garbage(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-._~!$'()*,;=:@";
        StringBuilder s = new StringBuilder("!");
        for (int i = 1; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private String hex(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return s.toString();
    }

    private String base64(int n) {
        return Base64.getEncoder().encodeToString(bytes(n * 3 / 4)).substring(0, Math.min(n, n * 3 / 4 * 4 / 3));
    }

    /** A valid zip with no manifest. */
    private byte[] zipWithout() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("x/" + hex(4) + ".txt"));
            zip.write(bytes(100));
            zip.closeEntry();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
