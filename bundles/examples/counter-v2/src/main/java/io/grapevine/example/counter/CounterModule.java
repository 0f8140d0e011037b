package io.grapevine.example.counter;

import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Component;

/**
 * The smallest module that shows a live update: a counter that ticks every 200 ms, answers
 * {@code GET /io.grapevine.example.counter/value} with {@code {"version":"2.0.0","count":n}}, and
 * hands its count to the next version as a decimal string.
 *
 * <p>Version 2 differs from version 1 (the other Maven module, same bundle symbolic name) in one
 * thing only: it adds 10 per tick instead of 1, so whoever polls {@code /value} sees the new
 * version take over at once, and sees that the count went on from where version 1 left it.
 */
@Component(service = Module.class)
public class CounterModule implements Module {

    /** The bundle's {@code Bundle-Version} (set in pom.xml); CounterModuleTest checks they agree. */
    static final String VERSION = "2.0.0";

    /** What one tick adds: 1 in version 1, 10 in version 2. */
    static final long STEP = 10;

    static final Duration TICK_INTERVAL = Duration.ofMillis(200);

    // Atomic so that whichever thread runs a tick, the /value handler or transferState sees
    // every increment, whatever the core's threading.
    private final AtomicLong count = new AtomicLong();

    @Override
    public void start(ModuleContext context) {
        context.scheduleEvery(() -> count.addAndGet(STEP), TICK_INTERVAL);
        context.serve(this::handle);
    }

    @Override
    public void stop() {
        // Nothing to do: the core cancels the timer and the handler registered in start.
    }

    @Override
    public String transferState() {
        return Long.toString(count.get());
    }

    @Override
    public void acceptState(String state) {
        count.set(parseCount(state));
    }

    private ModuleResponse handle(ModuleRequest request) {
        if (!request.path().equals("/value")) {
            return ModuleResponse.text(404, "no such resource: try GET /value\n");
        }
        if (!request.method().equals("GET")) {
            return ModuleResponse.text(405, "only GET is allowed on /value\n");
        }
        return ModuleResponse.json("{\"version\":\"" + VERSION + "\",\"count\":" + count.get() + "}");
    }

    /**
     * The count a previous version handed over. Anything that is not a non-negative decimal
     * number (none at all, blank, garbage from a buggy version) restarts the count at 0 rather
     * than failing the update.
     */
    static long parseCount(String state) {
        if (state == null) {
            return 0;
        }
        try {
            long parsed = Long.parseLong(state.strip());
            return parsed < 0 ? 0 : parsed;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
