package io.grapevine.core.modules;

import static org.junit.Assert.assertEquals;
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
    private final ModuleInstallGuard guard = new ModuleInstallGuard(null, events, () -> Configuration.EMPTY,
            () -> false, later::add);

    private Bundle bundle(String name, String location) {
        return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> name;
                    case "getLocation" -> location;
                    case "getHeaders" -> new Hashtable<String, String>();
                    case "uninstall" -> uninstalled.add(name) ? null : null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void installed(String name, String by) {
        guard.bundleChanged(new BundleEvent(BundleEvent.INSTALLED, bundle(name, "inputstream:" + name + ".jar"),
                bundle(by, "file:" + by + ".jar")));
        later.forEach(Runnable::run);
        later.clear();
    }

    @Test
    public void aPlainBundleInstalledThroughTheConsoleOrGogoIsUninstalledAndLogged() {
        installed("com.example.plain", "org.apache.felix.webconsole");
        installed("com.example.shell", "org.apache.felix.gogo.command");
        assertEquals(List.of("com.example.plain", "com.example.shell"), uninstalled);
        Event event = events.all().get(0);
        assertEquals(Event.OUTSIDE_CHANGE_REVERTED, event.type());
        assertEquals("com.example.plain", event.subject());
        assertTrue(event.detail(), event.detail().startsWith("installed outside Grapevine by org.apache.felix.webconsole"
                + " from inputstream:com.example.plain.jar; uninstalled"));
    }

    @Test
    public void aPlainBundleOthersInstallIsLeftAlone() {
        installed("com.example.boot", "org.apache.felix.framework"); // the launcher, a test framework
        installed("com.example.feature", "org.apache.karaf.features.core"); // Karaf's features at boot
        assertEquals(List.of(), uninstalled);
        assertEquals(List.of(), events.all());
    }
}
