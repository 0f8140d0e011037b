package io.grapevine.core.modules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Test;

public class ModuleJarTest {
    private static final String COMPONENT = "<scr:component xmlns:scr='http://www.osgi.org/xmlns/scr/v1.3.0' name='c'>"
            + "<implementation class='x.C'/><service><provide interface='io.grapevine.api.Module'/></service>"
            + "</scr:component>";

    private static byte[] jar(String symbolicName, String serviceComponent, String xml) throws IOException {
        return jar(symbolicName, "1.2.3", serviceComponent, xml);
    }

    private static byte[] jar(String symbolicName, String version, String serviceComponent, String xml)
            throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
            manifest.getMainAttributes().putValue("Bundle-Version", version);
        }
        if (serviceComponent != null) {
            manifest.getMainAttributes().putValue("Service-Component", serviceComponent);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            if (xml != null) {
                out.putNextEntry(new JarEntry("OSGI-INF/c.xml"));
                out.write(xml.getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    @Test
    public void aModuleBundleGivesItsNameAndVersion() throws Exception {
        ModuleJar module = ModuleJar.inspect(jar("my.module;singleton:=true", "OSGI-INF/c.xml", COMPONENT));
        assertEquals(new ModuleJar("my.module", "1.2.3"), module);
        assertEquals("my.module", ModuleJar.inspect(jar("my.module", "OSGI-INF/*.xml", COMPONENT)).name());
    }

    @Test
    public void refusalsSayWhy() throws Exception {
        assertRefused("not a jar", "plain text".getBytes(StandardCharsets.UTF_8));
        assertRefused("not a bundle", jar(null, null, null));
        assertRefused("no Declarative Services component", jar("m", null, null));
        assertRefused("no Declarative Services component", jar("m", "OSGI-INF/c.xml",
                COMPONENT.replace("io.grapevine.api.Module", "java.lang.Runnable")));
        byte[] good = jar("m", "OSGI-INF/c.xml", COMPONENT);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 30);
        assertThrows(ModuleJar.RefusedException.class, () -> ModuleJar.inspect(truncated));
    }

    @Test
    public void aNameOrVersionTheCoreCouldNotCarryIsRefusedBeforeAnythingIsStored() throws Exception {
        for (String name : new String[] {"my module", "-starts.with.dash", ".hidden", "x".repeat(129), "a/b"}) {
            assertRefused("is not allowed", jar(name, "OSGI-INF/c.xml", COMPONENT));
        }
        assertEquals("x".repeat(128), ModuleJar.inspect(jar("x".repeat(128), "OSGI-INF/c.xml", COMPONENT)).name());
        assertRefused("not an OSGi version", jar("m", "1.two.3", "OSGI-INF/c.xml", COMPONENT));
    }

    private static void assertRefused(String reason, byte[] jar) {
        ModuleJar.RefusedException e = assertThrows(ModuleJar.RefusedException.class, () -> ModuleJar.inspect(jar));
        assertTrue(e.getMessage(), e.getMessage().contains(reason));
    }
}
