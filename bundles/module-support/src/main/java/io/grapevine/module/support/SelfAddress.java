package io.grapevine.module.support;

import java.util.function.Function;

/** How peers reach this node, as a module learns it from the core's framework properties. */
public final class SelfAddress {
    private SelfAddress() {
    }

    /** The core's {@code grapevine.address}, else {@code 127.0.0.1} at the HTTP port (8080 by default). */
    public static String of(Function<String, String> frameworkProperty) {
        String address = frameworkProperty.apply("grapevine.address");
        if (address != null && !address.isBlank()) {
            return address.strip();
        }
        String port = frameworkProperty.apply("org.osgi.service.http.port");
        return "127.0.0.1:" + (port == null || port.isBlank() ? "8080" : port.strip());
    }
}
