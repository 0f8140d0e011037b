package io.grapevine.example.counter;

import static org.junit.Assert.assertEquals;

import io.grapevine.api.Cancellable;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.RequestHandler;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.Manifest;
import org.junit.Test;

public class CounterModuleTest {

    @Test
    public void startTicksEvery200MillisecondsAndServesTheCount() {
        FakeContext context = new FakeContext();
        new CounterModule().start(context);
        assertEquals(List.of(Duration.ofMillis(200)), context.intervals);
        assertEquals("{\"version\":\"2.0.0\",\"count\":0}", context.get("/value").bodyText());
    }

    @Test
    public void eachTickAddsTen() {
        FakeContext context = new FakeContext();
        new CounterModule().start(context);
        context.tick(3);
        Answer value = context.get("/value");
        assertEquals(200, value.status);
        assertEquals("application/json", value.contentType);
        assertEquals("{\"version\":\"2.0.0\",\"count\":30}", value.bodyText());
    }

    @Test
    public void otherPathsAreNotFoundAndOtherMethodsNotAllowed() {
        FakeContext context = new FakeContext();
        new CounterModule().start(context);
        assertEquals(404, context.get("/other").status);
        assertEquals(404, context.get("").status);
        assertEquals(405, context.request("POST", "/value").status);
        assertEquals(405, context.request("DELETE", "/value").status);
    }

    @Test
    public void handedOverStateCarriesTheCountToTheNextVersion() {
        CounterModule old = new CounterModule();
        FakeContext oldContext = new FakeContext();
        old.start(oldContext);
        oldContext.tick(5);
        String state = old.transferState();
        old.stop();
        assertEquals("50", state);

        CounterModule next = new CounterModule();
        next.acceptState(state);
        FakeContext nextContext = new FakeContext();
        next.start(nextContext);
        nextContext.tick(1);
        assertEquals("{\"version\":\"2.0.0\",\"count\":60}", nextContext.get("/value").bodyText());
    }

    @Test
    public void continuesFromTheCountVersionOneHandedOver() {
        CounterModule module = new CounterModule();
        module.acceptState("7"); // what version 1 hands over after 7 ticks
        FakeContext context = new FakeContext();
        module.start(context);
        context.tick(1);
        assertEquals("{\"version\":\"2.0.0\",\"count\":17}", context.get("/value").bodyText());
    }

    @Test
    public void missingOrGarbageStateStartsFromZero() {
        String[] states = {null, "", "   ", "abc", "12abc", "-5", "1e3", "99999999999999999999"};
        for (String state : states) {
            CounterModule module = new CounterModule();
            module.acceptState("7");
            module.acceptState(state);
            assertEquals(String.valueOf(state), "0", module.transferState());
        }
        CounterModule module = new CounterModule();
        module.acceptState(" 42\n");
        assertEquals("42", module.transferState());
    }

    @Test
    public void reportedVersionIsTheBundleVersion() throws Exception {
        // bnd wrote the manifest into the classes folder before the tests run.
        Path classes = Path.of(CounterModule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            Manifest manifest = new Manifest(in);
            assertEquals(CounterModule.VERSION, manifest.getMainAttributes().getValue("Bundle-Version"));
            assertEquals("io.grapevine.example.counter",
                    manifest.getMainAttributes().getValue("Bundle-SymbolicName"));
        }
    }

    /** A module context whose timers run only when the test says so. */
    private static final class FakeContext implements ModuleContext {
        final List<Runnable> repeating = new ArrayList<>();
        final List<Duration> intervals = new ArrayList<>();
        RequestHandler handler;

        @Override
        public String nodeId() {
            return "node.test";
        }

        @Override
        public String moduleName() {
            return "io.grapevine.example.counter";
        }

        @Override
        public Random random() {
            return new Random(1);
        }

        @Override
        public Cancellable schedule(Runnable task, Duration delay) {
            throw new AssertionError("the counter uses no one-shot timer");
        }

        @Override
        public Cancellable scheduleEvery(Runnable task, Duration interval) {
            repeating.add(task);
            intervals.add(interval);
            return () -> { };
        }

        @Override
        public void serve(RequestHandler handler) {
            this.handler = handler;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> exchange(String peer, String path, byte[] body,
                Duration timeout) {
            throw new AssertionError("the counter does not gossip");
        }

        @Override
        public List<String> peers() {
            return List.of();
        }

        @Override
        public <T> Cancellable provide(Class<T> layer, T implementation) {
            throw new AssertionError("the counter provides no layer");
        }

        void tick(int times) {
            for (int i = 0; i < times; i++) {
                repeating.forEach(Runnable::run);
            }
        }

        Answer get(String path) {
            return request("GET", path);
        }

        Answer request(String method, String path) {
            ModuleResponse response = handler.handle(new ModuleRequest(method, path, Map.of(), null, null));
            return new Answer(response.status(), response.contentType(), response.body());
        }
    }

    private record Answer(int status, String contentType, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
