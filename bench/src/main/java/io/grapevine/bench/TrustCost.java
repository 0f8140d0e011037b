package io.grapevine.bench;

import io.grapevine.core.config.CanonicalJson;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import io.grapevine.core.net.GossipCodec;
import io.grapevine.core.net.Keyring;
import io.grapevine.core.node.GossipMessage;
import io.grapevine.core.trust.DeployerKey;
import io.grapevine.core.trust.TrustRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What security costs a node: verifying a configuration against a trust root (k signatures), signing
 * one, authenticating a message with the cluster key, and the bytes signatures and MACs add. Writes
 * its section of {@code RESULTS.md}. Usage: {@code TrustCost [--rounds N]}.
 */
public final class TrustCost {
    private TrustCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 1 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 2000;
        List<DeployerKey> keys = List.of(DeployerKey.generate(), DeployerKey.generate(), DeployerKey.generate());
        TrustRoot one = TrustRoot.first(1, List.of(keys.get(0).publicKeyText()));
        TrustRoot two = TrustRoot.first(2, keys.stream().map(DeployerKey::publicKeyText).toList());
        long now = System.currentTimeMillis();
        List<ModuleEntry> modules = new ArrayList<>();
        DeploymentNumber number = new DeploymentNumber(now, 0, "node.0");
        for (String name : List.of("io.grapevine.membership", "io.grapevine.failuredetector", "io.grapevine.aggregation",
                "io.grapevine.broadcast", "io.grapevine.example.counter")) {
            modules.add(new ModuleEntry(name, "ab".repeat(32), 20_000, "1.0.0", number));
        }
        Configuration plain = new Configuration(number, modules).terms(1, now + 86_400_000);
        Configuration bySingle = plain.signedBy(keys.get(0).sign(plain));
        Configuration byTwo = bySingle.signedBy(keys.get(1).sign(plain));
        double verifyOne = perCall(rounds, () -> one.check(bySingle, now, 600_000));
        double verifyTwo = perCall(rounds, () -> two.check(byTwo, now, 600_000));
        double sign = perCall(rounds, () -> keys.get(0).sign(plain));
        Keyring keyring = new Keyring(List.of(Keyring.decode(Keyring.generate())), null);
        byte[] message = GossipCodec.encode(new GossipMessage("127.0.0.1:8080", bySingle, 1, List.of(),
                List.of("127.0.0.1:8081", "127.0.0.1:8082")));
        double mac = perCall(rounds * 10, () -> keyring.sign("POST", "/core/gossip", "127.0.0.1:8080", message));
        int unsignedBytes = CanonicalJson.bytes(plain).length;
        int signatureBytes = CanonicalJson.bytes(bySingle).length - unsignedBytes;
        String header = Keyring.AUTH + ": " + keyring.sign("POST", "/core/gossip", "127.0.0.1:8080", message)
                + "\r\n" + Keyring.FROM + ": 127.0.0.1:8080\r\n";
        String table = String.format(Locale.ROOT, """
                | what | cost |
                |---|---|
                | verify a configuration, 1 of 1 keys | %.2f ms |
                | verify a configuration, 2 of 3 keys | %.2f ms |
                | sign a configuration (one key) | %.2f ms |
                | HMAC of a %d-byte gossip message | %.1f µs |
                | a configuration of 5 modules, unsigned | %d bytes |
                | each signature adds | %d bytes |
                | the cluster-key headers add to each request (and %d to each reply) | %d bytes |
                """, verifyOne, verifyTwo, sign, message.length, mac * 1000, unsignedBytes, signatureBytes,
                (Keyring.AUTH + ": " + keyring.signReply("x".repeat(43), 200, message) + "\r\n").length(),
                header.length());
        System.out.print(table);
        Results.writeSection("trust", "## What security costs a node\n\n" + Results.machine() + "\n\nCommand: `(cd bench"
                + " && mvn -B -q exec:java@trust)`, " + rounds + " rounds each after a warm-up, the JDK's own Ed25519"
                + " and HmacSHA256. A node verifies a configuration once, when it first hears it; it signs only its"
                + " operator's changes.\n\n" + table);
    }

    private static double perCall(int rounds, Runnable call) {
        for (int i = 0; i < rounds / 4; i++) {
            call.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            call.run();
        }
        return (System.nanoTime() - start) / 1e6 / rounds;
    }
}
