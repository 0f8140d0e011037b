package io.grapevine.core.modules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.grapevine.api.Cancellable;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.layers.LayerHost;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.Test;

public class ModuleContextImplTest {

    /** A host that holds one provider per layer, as the core's does, and can hold a provide call up. */
    private static final class OneProviderHost implements LayerHost {
        final AtomicInteger providers = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public <T> Cancellable provide(String module, Class<T> layer, T implementation) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (providers.incrementAndGet() > 1) {
                providers.decrementAndGet();
                throw new IllegalStateException(layer.getSimpleName() + " is provided already");
            }
            AtomicInteger once = new AtomicInteger();
            return () -> {
                if (once.getAndIncrement() == 0) {
                    providers.decrementAndGet();
                }
            };
        }
    }

    private static ModuleContextImpl context(LayerHost host) {
        return context(host, new ModuleThread("m"));
    }

    private static ModuleContextImpl context(LayerHost host, ModuleThread thread) {
        return new ModuleContextImpl("n", "m", new DeploymentNumber(1, 0, "n"), thread,
                new ModuleNetwork() {
                    @Override
                    public java.util.concurrent.CompletableFuture<byte[]> exchange(String module,
                            DeploymentNumber deployment, String peer, String path, byte[] body,
                            java.time.Duration timeout) {
                        return CompletableFuture.failedFuture(new UnsupportedOperationException());
                    }

                    @Override
                    public List<String> peers() {
                        return List.of();
                    }
                }, host, problem -> { });
    }

    @Test
    public void aLayerProvidedWhileTheContextClosesIsWithdrawnSoTheModulesNextStartMayProvideIt() throws Exception {
        OneProviderHost host = new OneProviderHost();
        ModuleContextImpl overrun = context(host);
        CompletableFuture<Object> late = CompletableFuture.supplyAsync(() -> overrun.provide(Runnable.class, () -> { }));
        assertTrue(host.entered.await(10, TimeUnit.SECONDS));
        overrun.close(); // the start overran its bound; its thread goes on and finishes provide()
        host.release.countDown();
        try {
            late.get(10, TimeUnit.SECONDS);
            throw new AssertionError("provide on a closed context returned");
        } catch (java.util.concurrent.ExecutionException expected) {
            assertTrue(expected.getCause() instanceof IllegalStateException);
        }
        assertEquals("nothing left provided", 0, host.providers.get());
        context(host).provide(Runnable.class, () -> { }); // the restart's start
        assertEquals(1, host.providers.get());
    }

    @Test
    public void aFailingTimerIsReportedAtTheFirstTenthHundredthAndSoOnFailureOnly() {
        java.util.List<Long> reported = new java.util.ArrayList<>();
        for (long count = 1; count <= 100_000; count++) {
            if (ModuleContextImpl.powerOfTen(count)) {
                reported.add(count);
            }
        }
        assertEquals(List.of(1L, 10L, 100L, 1_000L, 10_000L, 100_000L), reported);
        assertTrue(ModuleContextImpl.powerOfTen(1_000_000_000_000_000_000L));
        assertTrue(!ModuleContextImpl.powerOfTen(0) && !ModuleContextImpl.powerOfTen(-10));
    }

    /**
     * A 10 ms timer whose thread a handler held for 20 intervals runs once when the thread is free,
     * not 20 times back to back: each run queues its exchanges' completions, and a burst of runs
     * queued them faster than the thread drained them (an every-module-broken cluster ran out of heap).
     */
    @Test
    public void aTimerTheModulesThreadWasTooBusyForRunsOnceThenKeepsItsIntervalInsteadOfCatchingUp() throws Exception {
        ModuleThread thread = new ModuleThread("m");
        ModuleContextImpl context = context(new OneProviderHost(), thread);
        AtomicInteger runs = new AtomicInteger();
        context.scheduleEvery(runs::incrementAndGet, Duration.ofMillis(10));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        thread.scheduler().execute(() -> {
            holding.countDown();
            try {
                held.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        int before = runs.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (overdueMillis(thread) < 200) { // the timer has missed 20 intervals
            assertTrue("the timer never fell behind", System.nanoTime() < deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        // Queued now, behind the timer's overdue run; a fixed rate would put 20 more runs before it.
        CompletableFuture<Integer> next = new CompletableFuture<>();
        thread.scheduler().execute(() -> next.complete(runs.get()));
        held.countDown();
        assertEquals("timer runs between the thread's release and the next task", 1,
                next.get(10, TimeUnit.SECONDS) - before);
        context.close();
        thread.abandon();
    }

    /** How long the earliest task waiting on the module's thread is past its time. */
    private static long overdueMillis(ModuleThread thread) {
        java.util.concurrent.Delayed first = (java.util.concurrent.Delayed) thread.scheduler().getQueue().peek();
        return first == null ? 0 : -first.getDelay(TimeUnit.MILLISECONDS);
    }
}
