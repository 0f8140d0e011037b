package io.grapevine.core.modules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.grapevine.core.admin.Event;
import io.grapevine.core.config.Configuration;
import io.grapevine.core.telemetry.EventLog;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;

/** Which bundles installed behind the core's back it reverts, with fake bundles and no framework. */
public class ModuleInstallGuardTest {
    private final EventLog events = new EventLog(() -> 0L);
    private final List<Runnable> later = new ArrayList<>();
    private final List<String> uninstalled = new ArrayList<>();
    private String installing;
    private final ModuleInstallGuard guard = new ModuleInstallGuard(null, events, () -> Configuration.EMPTY,
            () -> false, later::add, () -> installing);

    private Bundle bundle(String name) {
        return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> name;
                    case "getLocation" -> "inputstream:" + name + ".jar";
                    case "getHeaders" -> new Hashtable<String, String>();
                    case "uninstall" -> uninstalled.add(name) ? null : null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void installed(String name, String by) {
        installing = by;
        guard.bundleChanged(new BundleEvent(BundleEvent.INSTALLED, bundle(name), bundle("org.apache.felix.framework")));
        later.forEach(Runnable::run);
        later.clear();
    }

    @Test
    public void aPlainBundleInstalledThroughTheConsoleOrGogoIsUninstalledAndLogged() {
        installed("com.example.plain", "the Web Console");
        installed("com.example.shell", "Gogo");
        assertEquals(List.of("com.example.plain", "com.example.shell"), uninstalled);
        Event event = events.all().get(0);
        assertEquals(Event.OUTSIDE_CHANGE_REVERTED, event.type());
        assertEquals("com.example.plain", event.subject());
        assertTrue(event.detail(), event.detail().startsWith("installed outside Grapevine through the Web Console"
                + " from inputstream:com.example.plain.jar; uninstalled"));
    }

    @Test
    public void aPlainBundleOthersInstallIsLeftAlone() {
        installed("com.example.boot", null); // the launcher, Karaf's features service, a test framework
        assertEquals(List.of(), uninstalled);
        assertEquals(List.of(), events.all());
    }

    @Test
    public void theInstallingToolIsReadOffTheStackAndKarafsFeaturesServiceIsNoOperatorTool() {
        String thread = "java.lang.Thread";
        assertEquals("Gogo", ModuleInstallGuard.operatorTool(List.of("org.apache.felix.framework.Felix",
                "org.apache.felix.gogo.command.Basic", "org.apache.felix.gogo.runtime.Pipe", thread)));
        assertEquals("the Web Console", ModuleInstallGuard.operatorTool(List.of("org.apache.felix.framework.Felix",
                "org.apache.felix.webconsole.internal.core.InstallHelper", thread)));
        assertNull("feature:install typed in Karaf's shell", ModuleInstallGuard.operatorTool(List.of(
                "org.apache.felix.framework.Felix", "org.apache.karaf.features.internal.service.FeaturesServiceImpl",
                "org.apache.felix.gogo.runtime.Pipe", thread)));
        assertNull("the launcher", ModuleInstallGuard.operatorTool(List.of("org.apache.felix.framework.Felix",
                "io.grapevine.launcher.Main", thread)));
    }
}
