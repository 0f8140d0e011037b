package io.grapevine.bench.faults.modules;

import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A module broken on purpose, as its bundle's {@code /mode.txt} says:
 * <ul>
 * <li>{@code throws}: its timer (every 10 ms), its request handler and its {@code transferState} throw;
 * <li>{@code hangs}: {@code start} never returns (nor does a handler, were it ever served);
 * <li>{@code floods}: every 10 ms it sends up to 20 exchanges of 1 KiB to peers (as many as the core
 *     lets through; bounded by the core's limits, so it cannot take the machine), every fifth message
 *     it receives holds its handler 4 s, and it parks 20 threads of its own;
 * <li>{@code fixed}: the fix, it only answers {@code GET /} with its mode.
 * </ul>
 */
public class BrokenModule implements Module {
    private final String mode = read("/mode.txt", "fixed");
    private final AtomicLong received = new AtomicLong();
    private final CountDownLatch never = new CountDownLatch(1);

    @Override
    public void start(ModuleContext context) {
        switch (mode) {
            case "hangs" -> hang();
            case "throws" -> {
                context.serve(request -> {
                    throw new IllegalStateException("handler broken on purpose");
                });
                context.scheduleEvery(() -> {
                    throw new IllegalStateException("timer broken on purpose");
                }, Duration.ofMillis(10));
            }
            case "floods" -> flood(context);
            default -> context.serve(request -> ModuleResponse.json("{\"mode\":\"" + mode + "\"}"));
        }
    }

    private void flood(ModuleContext context) {
        context.serve(request -> {
            if (received.incrementAndGet() % 5 == 0) {
                try {
                    never.await(4, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ModuleResponse.text(200, "ok");
        });
        for (int i = 0; i < 20; i++) {
            Thread thread = new Thread(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "broken-flooder-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        context.scheduleEvery(() -> {
            List<String> peers = context.peers();
            for (int i = 0; i < 20 && !peers.isEmpty(); i++) {
                context.exchange(peers.get(i % peers.size()), "/flood", new byte[1024], Duration.ofSeconds(10));
            }
        }, Duration.ofMillis(10));
    }

    @Override
    public void stop() {
        never.countDown();
    }

    @Override
    public String transferState() {
        if (mode.equals("throws")) {
            throw new IllegalStateException("transferState broken on purpose");
        }
        return null;
    }

    @Override
    public void acceptState(String state) {
    }

    private static void hang() {
        CountDownLatch forever = new CountDownLatch(1);
        while (true) {
            try {
                forever.await();
            } catch (InterruptedException e) {
                // a hung module ignores interruption too
            }
        }
    }

    private static String read(String name, String fallback) {
        try (InputStream in = BrokenModule.class.getResourceAsStream(name)) {
            return in == null ? fallback : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return fallback;
        }
    }
}
