package io.grapevine.itest.modules;

import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A module at its worst, for the bulkhead test: its timer sends 50 exchanges every tick, as fast as
 * the core lets it; every fifth message it receives hangs its handler for 4 s (just under the call
 * bound, so it is never marked failed and keeps flooding); it starts 50 threads of its own that sit
 * on a latch. Its {@code /mode.txt} of {@code calm} is the fix: it only answers {@code GET /stats}.
 */
public class HostileModule implements Module {
    private final String mode = readResource("/mode.txt", "hostile");
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final CountDownLatch never = new CountDownLatch(1);
    private final List<Thread> spawned = new ArrayList<>();

    @Override
    public void start(ModuleContext context) {
        context.serve(request -> {
            if (request.path().equals("/stats")) {
                return ModuleResponse.json("{\"mode\":\"" + mode + "\",\"attempts\":" + attempts + ",\"received\":"
                        + received + "}");
            }
            if (received.incrementAndGet() % 5 == 0) {
                try {
                    never.await(4, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ModuleResponse.text(200, "ok");
        });
        if (mode.equals("calm")) {
            return;
        }
        for (int i = 0; i < 50; i++) {
            Thread thread = new Thread(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "hostile-" + i);
            thread.setDaemon(true);
            thread.start();
            spawned.add(thread);
        }
        context.scheduleEvery(() -> {
            List<String> peers = context.peers();
            for (int i = 0; i < 50 && !peers.isEmpty(); i++) {
                attempts.incrementAndGet();
                context.exchange(peers.get(i % peers.size()), "/flood", new byte[1024], Duration.ofSeconds(10));
            }
        }, Duration.ofMillis(1));
    }

    @Override
    public void stop() {
        spawned.forEach(Thread::interrupt);
    }

    @Override
    public String transferState() {
        return null;
    }

    @Override
    public void acceptState(String state) {
    }

    private static String readResource(String name, String fallback) {
        try (InputStream in = HostileModule.class.getResourceAsStream(name)) {
            return in == null ? fallback : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return fallback;
        }
    }
}
