package io.grapevine.core.trust;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.config.ModuleEntry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

/** What a trust root believes, signature by signature. */
public class TrustRootTest {
    private static final DeployerKey A = DeployerKey.generate();
    private static final DeployerKey B = DeployerKey.generate();
    private static final DeployerKey C = DeployerKey.generate();
    private static final long NOW = 1_800_000_000_000L;
    private static final long AHEAD = 600_000;

    private static Configuration config(long time) {
        DeploymentNumber number = new DeploymentNumber(time, 0, "n");
        return new Configuration(number, List.of(new ModuleEntry("m", "a".repeat(64), 1, "1", number)))
                .terms(1, NOW + 3_600_000);
    }

    private static Configuration signed(Configuration config, DeployerKey... keys) {
        for (DeployerKey key : keys) {
            config = config.signedBy(key.sign(config));
        }
        return config;
    }

    private static String code(TrustRoot.Refusal refusal) {
        return refusal == null ? null : refusal.code();
    }

    @Test
    public void aConfigurationSignedByATrustedKeyIsBelievedAndNothingElseIs() {
        TrustRoot root = TrustRoot.first(1, List.of(A.publicKeyText()));
        Configuration config = config(NOW);
        assertNull(root.check(signed(config, A), NOW, AHEAD));
        assertEquals("unsigned", code(root.check(config, NOW, AHEAD)));
        assertEquals("bad-signature", code(root.check(signed(config, B), NOW, AHEAD)));
        Configuration tampered = new Configuration(config.deployment(), List.of(new ModuleEntry("m", "b".repeat(64), 1,
                "1", config.deployment())), config.trust(), config.expires(), signed(config, A).signatures());
        assertEquals("a signature over other modules", "bad-signature", code(root.check(tampered, NOW, AHEAD)));
        Configuration longer = new Configuration(config.deployment(), config.modules(), config.trust(),
                config.expires() + 1, signed(config, A).signatures());
        assertEquals("the expiry is signed", "bad-signature", code(root.check(longer, NOW, AHEAD)));
    }

    @Test
    public void expiredFarFutureAndUnknownTrustVersionsAreRefused() {
        TrustRoot root = TrustRoot.first(1, List.of(A.publicKeyText()));
        assertEquals("expired", code(root.check(signed(config(NOW), A), NOW + 3_600_001, AHEAD)));
        assertEquals("too-far-ahead", code(root.check(signed(config(NOW + AHEAD + 1), A), NOW, AHEAD)));
        assertNull(root.check(signed(config(NOW + AHEAD), A), NOW, AHEAD));
        Configuration later = config(NOW).terms(2, NOW + 3_600_000);
        assertEquals("unknown-trust", code(root.check(signed(later, A), NOW, AHEAD)));
    }

    @Test
    public void aThresholdCountsDistinctTrustedKeysOnly() {
        TrustRoot root = TrustRoot.first(2, List.of(A.publicKeyText(), B.publicKeyText(), C.publicKeyText()));
        Configuration config = config(NOW);
        assertEquals("too-few-signatures", code(root.check(signed(config, A), NOW, AHEAD)));
        Configuration twice = new Configuration(config.deployment(), config.modules(), config.trust(), config.expires(),
                List.of(A.sign(config), A.sign(config)));
        assertEquals("one key signing twice is one signature", "too-few-signatures", code(root.check(twice, NOW, AHEAD)));
        assertNull(root.check(signed(config, A, C), NOW, AHEAD));
        assertEquals(List.of(A.id(), C.id()).stream().sorted().toList(),
                root.validSigners(signed(config, C, A)).stream().sorted().toList());
    }

    @Test
    public void aRootIsReplacedOnlyByItsSuccessorSignedByItsThreshold() {
        TrustRoot v1 = TrustRoot.first(1, List.of(A.publicKeyText(), B.publicKeyText()));
        Map<String, String> withoutA = new TreeMap<>(v1.keys());
        withoutA.remove(A.id());
        TrustRoot v2 = v1.next(1, withoutA);
        assertEquals("unsigned", code(v1.checkSuccessor(v2)));
        assertEquals("bad-signature", code(v1.checkSuccessor(v2.signedBy(new Configuration.Signature(C.id(),
                C.sign(v2.signedBytes()))))));
        TrustRoot signedV2 = v2.signedBy(new Configuration.Signature(A.id(), A.sign(v2.signedBytes())));
        assertNull(v1.checkSuccessor(signedV2));
        assertEquals("trust-not-next", code(signedV2.checkSuccessor(v1)));
        assertEquals("a revoked key deploys nothing", "bad-signature",
                code(signedV2.check(signed(config(NOW), A), NOW, AHEAD)));
        assertNull(signedV2.check(signed(config(NOW), B), NOW, AHEAD));
        assertEquals(List.of(v1, signedV2), TrustRoot.readChain(TrustRoot.writeChain(List.of(v1, signedV2))));
    }

    @Test
    public void aRootMustBeMeaningful() {
        assertThrows(IllegalArgumentException.class, () -> TrustRoot.first(2, List.of(A.publicKeyText())));
        assertThrows(IllegalArgumentException.class, () -> TrustRoot.first(0, List.of(A.publicKeyText())));
        assertThrows(IllegalArgumentException.class, () -> new TrustRoot(1, 1, Map.of(B.id(), A.publicKeyText()),
                List.of()));
    }

    @Test
    public void aKeyFileReadsBackAndAForeignOrBrokenOneIsRefused() {
        DeployerKey back = DeployerKey.read(A.pem());
        assertEquals(A.id(), back.id());
        Configuration config = config(NOW);
        assertNull(TrustRoot.first(1, List.of(A.publicKeyText())).check(signed(config, back), NOW, AHEAD));
        String mismatched = A.pem().substring(0, A.pem().indexOf("-----BEGIN PUBLIC")) + B.publicPem();
        assertThrows(IllegalArgumentException.class, () -> DeployerKey.read(mismatched));
        assertThrows(IllegalArgumentException.class, () -> DeployerKey.read("not a key"));
        assertTrue(A.pem().contains("PRIVATE KEY") && !A.publicPem().contains("PRIVATE"));
    }
}
