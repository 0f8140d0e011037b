package io.grapevine.itest.modules;

import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A module that misbehaves on purpose, as its bundle's {@code /fault.txt} says: one of
 * {@code none}, {@code start-throws}, {@code start-hangs}, {@code accept-throws},
 * {@code transfer-throws}, {@code transfer-hangs}, {@code request-hangs} (on a request for {@code /hang}). Built into real bundles by {@code ModuleJars}.
 */
public class FaultyModule implements Module {
    private final String fault = readFault();
    private volatile String accepted = "";

    @Override
    public void start(ModuleContext context) {
        if (fault.equals("start-throws")) {
            throw new IllegalStateException("broken on purpose in start");
        }
        if (fault.equals("start-hangs")) {
            hang();
        }
        context.serve(request -> fault.equals("request-hangs") && request.path().equals("/hang") ? hang()
                : ModuleResponse.json("{\"fault\":\"" + fault + "\",\"accepted\":\"" + accepted + "\"}"));
        context.schedule(() -> { }, Duration.ofMillis(1));
    }

    @Override
    public void stop() {
    }

    @Override
    public String transferState() {
        if (fault.equals("transfer-throws")) {
            throw new IllegalStateException("broken on purpose in transferState");
        }
        if (fault.equals("transfer-hangs")) {
            hang();
        }
        return "state-of-" + fault;
    }

    @Override
    public void acceptState(String state) {
        if (fault.equals("accept-throws")) {
            throw new IllegalStateException("broken on purpose in acceptState");
        }
        accepted = state;
    }

    private static ModuleResponse hang() {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // A hung module ignores interruption too: the core must not depend on it.
            }
        }
    }

    private static String readFault() {
        try (InputStream in = FaultyModule.class.getResourceAsStream("/fault.txt")) {
            return in == null ? "none" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "none";
        }
    }
}
