package io.grapevine.core.layers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.grapevine.api.Cancellable;
import io.grapevine.api.layer.LayerUnavailableException;
import io.grapevine.api.layer.Membership;
import io.grapevine.api.layer.MembershipListener;
import io.grapevine.api.layer.PeerSampling;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Bundle;

public class LayersTest {
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final CountDownLatch problemReported = new CountDownLatch(1);
    private final Layers layers = new Layers(List.of(Membership.class, Greeter.class), problem -> {
        problems.add(problem);
        problemReported.countDown();
    });

    /** A layer the core has never heard of, as a new interface of layer-api would look. */
    public interface Greeter {
        String greeting();

        Cancellable addListener(GreetingListener listener);
    }

    /** The upcall of {@link Greeter}. */
    public interface GreetingListener {
        void greeted(String name);
    }

    private static final class FakeGreeter implements Greeter {
        final List<GreetingListener> listeners = new CopyOnWriteArrayList<>();
        final String greeting;

        FakeGreeter(String greeting) {
            this.greeting = greeting;
        }

        @Override
        public String greeting() {
            return greeting;
        }

        @Override
        public Cancellable addListener(GreetingListener listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void greet(String name) {
            listeners.forEach(l -> l.greeted(name));
        }
    }

    /** A provider that keeps its listeners, so the test can play the protocol. */
    private static final class FakeMembership implements Membership {
        final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
        final List<String> view;

        FakeMembership(List<String> view) {
            this.view = view;
        }

        @Override
        public List<String> view() {
            return view;
        }

        @Override
        public Cancellable addListener(MembershipListener listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void join(String member) {
            listeners.forEach(l -> l.joined(member));
        }
    }

    /** A consumer's listener recording what it hears. */
    private static final class Recorder implements MembershipListener {
        final List<String> heard = new CopyOnWriteArrayList<>();
        volatile CountDownLatch expected = new CountDownLatch(0);

        @Override
        public void joined(String member) {
            heard.add("+" + member);
            expected.countDown();
        }

        @Override
        public void left(String member) {
            heard.add("-" + member);
            expected.countDown();
        }
    }

    @After
    public void close() {
        layers.close();
    }

    private Membership proxyFor(long bundleId) {
        return proxyFor(Membership.class, bundleId);
    }

    private <T> T proxyFor(Class<T> type, long bundleId) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> m.getName().equals("getBundleId") ? bundleId : null);
        return type.cast(layers.proxyFactory(type).getService(bundle, null));
    }

    @Test
    public void callsFailFastWithoutAProviderAndReachItOnceProvided() {
        Membership proxy = proxyFor(7);
        assertThrows(LayerUnavailableException.class, proxy::view);
        Cancellable provided = layers.provide("m", Membership.class, new FakeMembership(List.of("a:1")));
        assertEquals(List.of("a:1"), proxy.view());
        provided.cancel();
        assertThrows(LayerUnavailableException.class, proxy::view);
    }

    @Test
    public void listenersSurviveAnUpdateOfTheProviderAndHearTheNewOne() throws Exception {
        Membership proxy = proxyFor(7);
        Recorder recorder = new Recorder();
        proxy.addListener(recorder);
        FakeMembership v1 = new FakeMembership(List.of());
        Cancellable first = layers.provide("m", Membership.class, v1);
        recorder.expected = new CountDownLatch(1);
        v1.join("a:1");
        assertTrue(recorder.expected.await(10, TimeUnit.SECONDS));

        first.cancel();
        assertTrue("the old provider no longer holds the core's listener", v1.listeners.isEmpty());
        FakeMembership v2 = new FakeMembership(List.of());
        layers.provide("m", Membership.class, v2);
        recorder.expected = new CountDownLatch(2);
        v2.join("b:1");
        v2.join("c:1");
        assertTrue(recorder.expected.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("+a:1", "+b:1", "+c:1"), recorder.heard);
    }

    @Test
    public void aListenerThatThrowsOrBlocksHurtsNobodyElse() throws Exception {
        Membership proxy = proxyFor(7);
        CountDownLatch release = new CountDownLatch(1);
        proxy.addListener(new MembershipListener() {
            @Override
            public void joined(String member) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void left(String member) {
            }
        });
        proxy.addListener(new MembershipListener() {
            @Override
            public void joined(String member) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void left(String member) {
            }
        });
        Recorder healthy = new Recorder();
        healthy.expected = new CountDownLatch(3);
        proxy.addListener(healthy);
        FakeMembership provider = new FakeMembership(List.of());
        layers.provide("m", Membership.class, provider);
        provider.join("a:1");
        provider.join("b:1");
        provider.join("c:1");
        assertTrue("the provider's calls returned at once and the healthy listener heard all, in order",
                healthy.expected.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("+a:1", "+b:1", "+c:1"), healthy.heard);
        release.countDown();
        assertTrue("the throwing listener was reported", problemReported.await(10, TimeUnit.SECONDS));
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.contains("broken listener")));
    }

    @Test
    public void aSecondProviderIsRefusedAndAGoneConsumerLosesItsListeners() throws Exception {
        FakeMembership one = new FakeMembership(List.of());
        layers.provide("one", Membership.class, one);
        assertThrows(IllegalStateException.class,
                () -> layers.provide("two", Membership.class, new FakeMembership(List.of())));
        Recorder recorder = new Recorder();
        proxyFor(9).addListener(recorder);
        layers.proxyFactory(Membership.class).ungetService(
                (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                        (p, m, a) -> m.getName().equals("getBundleId") ? 9L : null), null, null);
        Recorder other = new Recorder();
        other.expected = new CountDownLatch(1);
        proxyFor(10).addListener(other);
        one.join("z:1");
        assertTrue(other.expected.await(10, TimeUnit.SECONDS));
        assertTrue("the released bundle's listener hears nothing", recorder.heard.isEmpty());
    }

    @Test
    public void aLayerTheCoreHasNeverHeardOfIsMediatedAcrossAnUpdateOfItsProvider() throws Exception {
        Greeter proxy = proxyFor(Greeter.class, 7);
        assertThrows(LayerUnavailableException.class, proxy::greeting);
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        proxy.addListener(heard::add);
        FakeGreeter v1 = new FakeGreeter("hello");
        Cancellable first = layers.provide("g", Greeter.class, v1);
        assertEquals("hello", proxy.greeting());
        v1.greet("a:1");
        assertEquals("a:1", heard.poll(10, TimeUnit.SECONDS));

        first.cancel();
        assertTrue("the old provider no longer holds the core's listener", v1.listeners.isEmpty());
        assertThrows(LayerUnavailableException.class, proxy::greeting);
        FakeGreeter v2 = new FakeGreeter("hi");
        layers.provide("g", Greeter.class, v2);
        assertEquals("hi", proxy.greeting());
        v2.greet("b:1");
        assertEquals("b:1", heard.poll(10, TimeUnit.SECONDS));
        assertTrue("nothing heard twice", heard.isEmpty());
    }

    @Test
    public void aTypeThatIsNotOneOfTheLayersIsRefused() {
        PeerSampling sampling = k -> List.of();
        assertThrows(IllegalArgumentException.class, () -> layers.provide("p", PeerSampling.class, sampling));
    }
}
