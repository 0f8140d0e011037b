package io.grapevine.core.config;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class CanonicalJsonTest {
    private static final DeploymentNumber D1 = new DeploymentNumber(1000, 0, "n1");
    private static final DeploymentNumber D2 = new DeploymentNumber(2000, 3, "n2");
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);

    @Test
    public void equalContentGivesEqualBytesWhateverTheModuleOrder() {
        ModuleEntry x = new ModuleEntry("x.mod", SHA_A, 10, "1.0.0", D1);
        ModuleEntry y = new ModuleEntry("y.mod", SHA_B, 20, "2.0.0", D2);
        Configuration one = new Configuration(D2, List.of(x, y));
        Configuration two = new Configuration(D2, List.of(y, x));
        assertArrayEquals(CanonicalJson.bytes(one), CanonicalJson.bytes(two));
        assertEquals("{\"deployment\":\"2000-3-n2\",\"modules\":["
                + "{\"name\":\"x.mod\",\"sha256\":\"" + SHA_A + "\",\"size\":10,\"version\":\"1.0.0\","
                + "\"deployment\":\"1000-0-n1\"},"
                + "{\"name\":\"y.mod\",\"sha256\":\"" + SHA_B + "\",\"size\":20,\"version\":\"2.0.0\","
                + "\"deployment\":\"2000-3-n2\"}],\"trust\":0,\"expires\":0,\"signatures\":[]}", CanonicalJson.write(one));
    }

    @Test
    public void readGivesBackWhatWasWritten() {
        Configuration config = new Configuration(D2, List.of(new ModuleEntry("x.mod", SHA_A, 10, "1.0.0", D1)), 3,
                9_000, List.of(new Configuration.Signature("0011223344556677", "c2ln")));
        assertEquals(config, CanonicalJson.read(CanonicalJson.write(config)));
        assertEquals(Configuration.EMPTY, CanonicalJson.read(CanonicalJson.write(Configuration.EMPTY)));
    }

    @Test
    public void signersSignEverythingButTheSignaturesSoSignaturesCanBeAdded() {
        Configuration unsigned = new Configuration(D2, List.of(new ModuleEntry("x", SHA_A, 1, "1", D1))).terms(2, 5_000);
        Configuration signed = unsigned.signedBy(new Configuration.Signature("k1", "s1"))
                .signedBy(new Configuration.Signature("k2", "s2"));
        assertArrayEquals(CanonicalJson.signedBytes(unsigned), CanonicalJson.signedBytes(signed));
        assertEquals(2, signed.signatures().size());
        String text = new String(CanonicalJson.signedBytes(unsigned), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text, text.contains("\"trust\":2,\"expires\":5000") && !text.contains("signatures"));
        assertTrue("the terms are signed too", !java.util.Arrays.equals(CanonicalJson.signedBytes(unsigned),
                CanonicalJson.signedBytes(unsigned.terms(2, 5_001))));
    }

    @Test
    public void malformedConfigurationsAreRefused() {
        for (String bad : new String[] {"", "[]", "{\"deployment\":\"x\"}",
            "{\"deployment\":\"1-0-n\",\"modules\":[{\"name\":\"core\"}]}",
            "{\"deployment\":\"1-0-n\",\"modules\":[{\"name\":\"m\",\"sha256\":\"zz\",\"size\":1,"
                + "\"version\":\"1\",\"deployment\":\"1-0-n\"}]}"}) {
            assertThrows(bad, IllegalArgumentException.class, () -> CanonicalJson.read(bad));
        }
    }

    @Test
    public void aModuleCannotHaveChangedAfterItsConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new Configuration(D1,
                List.of(new ModuleEntry("x", SHA_A, 1, "1", D2))));
    }

    @Test
    public void successorKeepsTheChangeNumberOfUnchangedModules() {
        ModuleEntry x = new ModuleEntry("x", SHA_A, 1, "1", D1);
        ModuleEntry y = new ModuleEntry("y", SHA_A, 1, "1", D1);
        Configuration before = new Configuration(D1, List.of(x, y));
        ModuleEntry newY = new ModuleEntry("y", SHA_B, 2, "2", D1);
        Configuration after = before.successor(D2, List.of(x, newY));
        assertEquals(D1, after.module("x").orElseThrow().deployment());
        assertEquals(D2, after.module("y").orElseThrow().deployment());
        assertEquals(D2, after.deployment());
    }

    @Test
    public void withReplacesByNameAndWithoutRemoves() {
        ModuleEntry x = new ModuleEntry("x", SHA_A, 1, "1", D1);
        Configuration before = new Configuration(D1, List.of(x));
        Configuration replaced = before.with(D2, new ModuleEntry("x", SHA_B, 2, "2", D2));
        assertEquals(1, replaced.modules().size());
        assertEquals(SHA_B, replaced.module("x").orElseThrow().sha256());
        DeploymentNumber d3 = new DeploymentNumber(3000, 0, "n");
        assertEquals(0, replaced.without(d3, "x").modules().size());
        assertThrows(IllegalArgumentException.class, () -> replaced.without(d3, "nope"));
    }
}
