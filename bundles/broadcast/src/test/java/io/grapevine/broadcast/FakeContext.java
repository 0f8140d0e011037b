package io.grapevine.broadcast;

import io.grapevine.api.Cancellable;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A module context on a virtual clock: timers run when the test advances the clock, exchanges wait
 * until the test answers them, provided layers are kept for the test to call.
 */
final class FakeContext implements ModuleContext {
    record Exchange(String peer, String path, byte[] body, CompletableFuture<byte[]> answer) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record Timer(long at, long seq, Runnable task, boolean[] cancelled) {
    }

    final List<Exchange> exchanges = new ArrayList<>();
    final Map<Class<?>, Object> provided = new HashMap<>();
    final List<String> peers = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final Random random = new Random(1);
    private RequestHandler handler;
    private long now;
    private long seq;

    long now() {
        return now;
    }

    /** Moves the clock forward, running the timers that come due on the way. */
    void advance(long ms) {
        long end = now + ms;
        while (!timers.isEmpty() && timers.peek().at <= end) {
            Timer timer = timers.poll();
            now = timer.at;
            if (!timer.cancelled[0]) {
                timer.task.run();
            }
        }
        now = end;
    }

    <T> T layer(Class<T> type) {
        return type.cast(provided.get(type));
    }

    ModuleResponse request(String method, String path, String body, String from) {
        return handler.handle(new ModuleRequest(method, path, Map.of(),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), from));
    }

    @Override
    public String nodeId() {
        return "node.test";
    }

    @Override
    public String moduleName() {
        return BroadcastModule.NAME;
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        boolean[] cancelled = {false};
        timers.add(new Timer(now + delay.toMillis(), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public Cancellable scheduleEvery(Runnable task, Duration interval) {
        throw new AssertionError("not used: the drivers keep one one-shot timer");
    }

    @Override
    public void serve(RequestHandler requestHandler) {
        handler = requestHandler;
    }

    @Override
    public CompletionStage<byte[]> exchange(String peer, String path, byte[] body, Duration timeout) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        exchanges.add(new Exchange(peer, path, body, answer));
        return answer;
    }

    @Override
    public List<String> peers() {
        return List.copyOf(peers);
    }

    @Override
    public <T> Cancellable provide(Class<T> layer, T implementation) {
        provided.put(layer, implementation);
        return () -> provided.remove(layer);
    }
}
