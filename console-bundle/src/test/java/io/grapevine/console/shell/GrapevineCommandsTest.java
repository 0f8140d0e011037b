package io.grapevine.console.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.admin.AdminException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.service.command.Descriptor;
import org.junit.Test;

public class GrapevineCommandsTest {
    private final FakeAdmin admin = new FakeAdmin();
    private final GrapevineCommands commands = new GrapevineCommands(admin);

    @Test
    public void undeployNamesTheModuleAndTheNewDeployment() {
        assertEquals("undeployed io.grapevine.example.counter as 1795276465670-1-node.0",
                commands.undeploy("io.grapevine.example.counter"));
        assertEquals(List.of("undeploy io.grapevine.example.counter"), admin.calls);
    }

    @Test
    public void aRefusalIsOneErrorLineWithTheCoresReason() {
        admin.refusal = new AdminException(404, "no module nope in the current deployment");
        assertEquals("error: no module nope in the current deployment", commands.undeploy("nope"));
        assertEquals("error: no module nope in the current deployment", commands.rollback("1-0-n"));
    }

    @Test
    public void withoutADeployerKeyChangesAreRefusedWithHowToSignElsewhereAndTheCoreIsNotAsked() {
        admin.keyId = null;
        String expected = "error: " + io.grapevine.console.Signing.NO_KEY;
        assertEquals(expected, commands.deploy("/no/such.jar"));
        assertEquals(expected, commands.rollback("1-0-n"));
        assertEquals(expected, commands.undeploy("io.grapevine.example.counter"));
        assertTrue(expected, expected.contains("--deployer-key FILE") && expected.contains("grapevine-ctl --key FILE"));
        assertEquals(List.of(), admin.calls);
    }

    @Test
    public void aJarOverTheCoresLimitIsNeverHandedToTheCore() throws Exception {
        Path jar = Files.createTempFile("grapevine-big", ".jar");
        try {
            Files.write(jar, new byte[(int) admin.maxBytes + 1]);
            String answer = commands.deploy(jar.toString());
            assertTrue(answer, answer.startsWith("error: cannot read " + jar + ": bundle too large: over 1024 bytes"));
            assertEquals(List.of(), admin.calls);
        } finally {
            Files.delete(jar);
        }
    }

    @Test
    public void commandGrapevineSaysWhatEachCommandDoes() {
        List<String> lines = commands.grapevine().lines().toList();
        assertEquals(GrapevineCommands.USAGE.size(), lines.size());
        assertTrue(lines.get(1), lines.get(1).matches("grapevine:deploy FILE-OR-URL +deploy a module bundle jar .*"));
        assertTrue(lines.get(4), lines.get(4).matches("grapevine:undeploy MODULE +remove a module .*"));
    }

    @Test
    public void everyCommandAndEachOfItsParametersHasAHelpText() throws Exception {
        // The commands Gogo sees are the component's osgi.command.function values, as bnd wrote them.
        String descriptor;
        try (InputStream in = GrapevineCommands.class.getClassLoader()
                .getResourceAsStream("OSGI-INF/" + GrapevineCommands.class.getName() + ".xml")) {
            descriptor = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher property = Pattern.compile("name=\"osgi.command.function\" type=\"String\">([^<]*)<").matcher(descriptor);
        assertTrue(descriptor, property.find());
        List<String> functions = property.group(1).lines().map(String::strip).toList();
        assertEquals(List.of("status", "deploy", "rollback", "history", "undeploy", "grapevine"), functions);
        for (String function : functions) {
            Method method = Arrays.stream(GrapevineCommands.class.getMethods()).filter(m -> m.getName().equals(function))
                    .findFirst().orElseThrow();
            assertNotNull(function, method.getAnnotation(Descriptor.class));
            for (Parameter parameter : method.getParameters()) {
                assertNotNull(function + " " + parameter, parameter.getAnnotation(Descriptor.class));
            }
        }
    }
}
