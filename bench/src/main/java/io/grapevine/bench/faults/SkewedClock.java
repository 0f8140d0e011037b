package io.grapevine.bench.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A node's wall clock shifted with libfaketime (Debian's {@code faketime} package), preloaded into
 * its JVM: {@code System.currentTimeMillis()} is off by the offset, the monotonic clock (timers,
 * time-outs) is left alone. The core reads the wall clock directly, so this is the only way to
 * skew it without changing the core.
 */
public final class SkewedClock {
    private static final List<Path> LIBRARIES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path.of("/usr/lib/faketime/libfaketimeMT.so.1"));

    private SkewedClock() {
    }

    /** The library, or null when libfaketime is not installed. */
    public static Path library() {
        return LIBRARIES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    /** The environment that runs a process {@code offset} off (libfaketime's syntax: {@code +365d}, {@code -1d}). */
    public static Map<String, String> env(String offset) {
        Path library = library();
        if (library == null) {
            throw new IllegalStateException("libfaketime is not installed (apt-get install faketime)");
        }
        return Map.of("LD_PRELOAD", library.toString(), "FAKETIME", offset, "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                "FAKETIME_NO_CACHE", "1");
    }
}
