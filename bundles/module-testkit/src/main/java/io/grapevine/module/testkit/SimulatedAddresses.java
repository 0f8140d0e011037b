package io.grapevine.module.testkit;

/** The addresses of a simulated cluster's nodes, {@code 10.0.x.y:8080}, and back to the node's index. */
public final class SimulatedAddresses {
    private SimulatedAddresses() {
    }

    public static String of(int index) {
        return "10.0." + (index / 250) + "." + (index % 250) + ":8080";
    }

    public static int indexOf(String address) {
        String[] parts = address.split("[.:]");
        return Integer.parseInt(parts[2]) * 250 + Integer.parseInt(parts[3]);
    }
}
