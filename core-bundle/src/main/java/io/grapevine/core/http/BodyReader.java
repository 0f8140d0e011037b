package io.grapevine.core.http;

import io.grapevine.core.admin.AdminException;
import io.grapevine.core.telemetry.Metrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Request bodies, read without a thread while they arrive and within a deadline: a body must be
 * whole {@code baseMs + length / minBytesPerSecond} after its request was dispatched, where
 * {@code length} is the declared one, or the endpoint's limit when the request declares none. A
 * body that is late, or silent for Jetty's idle timeout, is answered 408 with a one-line reason,
 * counted as a {@code slow-body} refusal, and its connection closed. Reading is the servlet's
 * non-blocking I/O: between the bytes of a slow body no thread waits, so peers trickling bodies
 * cost a socket each for a few seconds, never the threads that answer everyone else (blocking
 * reads let 300 such peers take a node offline). The deadline is the request's async timeout, so
 * Jetty calls it in turn with the reads, never alongside one. The whole body then goes to a
 * handler on a Jetty thread, which may block as a servlet does: the request is over when it returns.
 */
public final class BodyReader {
    public static final String BASE_MS = "grapevine.http.body.base.ms";
    public static final String MIN_RATE = "grapevine.http.body.min.bytes.per.second";
    private static final long LARGEST = Integer.MAX_VALUE - 8;

    /** What is done with a whole body; it may answer, or throw to be answered with the exception's status. */
    @FunctionalInterface
    interface Handler {
        void accept(byte[] body) throws IOException, AdminException;
    }

    /** A handler that answers later, off the request's thread, and then completes {@code async} itself. */
    @FunctionalInterface
    interface Later {
        void accept(byte[] body, AsyncContext async) throws IOException, AdminException;
    }

    private final long baseMs;
    private final long minBytesPerSecond;
    private final Metrics metrics;

    public BodyReader(long baseMs, long minBytesPerSecond, Metrics metrics) {
        this.baseMs = baseMs;
        this.minBytesPerSecond = minBytesPerSecond;
        this.metrics = metrics;
    }

    /** From the framework properties {@value #BASE_MS} (default 3000) and {@value #MIN_RATE} (default 65536). */
    public static BodyReader from(Function<String, String> property, Metrics metrics) {
        return new BodyReader(positive(property.apply(BASE_MS), 3000), positive(property.apply(MIN_RATE), 65536),
                metrics);
    }

    long deadlineMs(long length) {
        return baseMs + length * 1000 / minBytesPerSecond;
    }

    /**
     * Reads the body, at most {@code max} bytes (413 beyond), and hands it to {@code handler}: at
     * once when the request has none, else on a Jetty thread once it is whole.
     */
    void read(HttpServletRequest request, HttpServletResponse response, long max, String what, Handler handler)
            throws IOException, AdminException {
        read(request, response, max, what, handler, null, 0);
    }

    /**
     * As {@link #read}, for a handler that answers later: the request stays open until it
     * completes, at most {@code answerMs} after the body's own deadline.
     */
    void readLater(HttpServletRequest request, HttpServletResponse response, long max, String what, Later later,
            long answerMs) throws IOException, AdminException {
        read(request, response, max, what, null, later, answerMs);
    }

    private void read(HttpServletRequest request, HttpServletResponse response, long max, String what,
            Handler handler, Later later, long answerMs) throws IOException, AdminException {
        long limit = Math.min(max, LARGEST);
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw new AdminException(413, what + " too large: over " + limit + " bytes");
        }
        boolean none = declared == 0 || declared < 0 && request.getHeader("Transfer-Encoding") == null;
        if (none && later == null) {
            handler.accept(new byte[0]);
            return;
        }
        long deadline = deadlineMs(declared < 0 ? limit : declared);
        AsyncContext async = request.startAsync();
        async.setTimeout(deadline + answerMs);
        if (none) {
            try {
                later.accept(new byte[0], async);
            } catch (AdminException e) {
                HttpReplies.error(response, e.status(), e.getMessage());
                async.complete();
            }
            return;
        }
        ServletInputStream in = request.getInputStream();
        Arrival arrival = new Arrival(async, in, response, limit, what, handler, later);
        arrival.due = System.nanoTime() + deadline * 1_000_000;
        arrival.late = what + " not whole within " + deadline + " ms (" + baseMs + " ms + its length at "
                + minBytesPerSecond + " bytes/s)";
        async.addListener(arrival);
        in.setReadListener(arrival);
    }

    private static long positive(String value, long otherwise) {
        try {
            long number = Long.parseLong(value == null ? "" : value.strip());
            return number > 0 ? number : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** One body on its way: whichever comes first, its end, its deadline or an error, answers once. */
    private final class Arrival implements ReadListener, AsyncListener {
        private final AtomicBoolean over = new AtomicBoolean();
        private final byte[] chunk = new byte[16 * 1024];
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final AsyncContext async;
        private final ServletInputStream in;
        private final HttpServletResponse response;
        private final long limit;
        private final String what;
        private final Handler handler;
        private final Later later;
        private String late;
        /** When the body must be whole: the async timeout says so too, but for a handler that answers later it runs longer. */
        private long due;

        Arrival(AsyncContext async, ServletInputStream in, HttpServletResponse response, long limit, String what,
                Handler handler, Later later) {
            this.later = later;
            this.async = async;
            this.in = in;
            this.response = response;
            this.limit = limit;
            this.what = what;
            this.handler = handler;
        }

        @Override
        public void onDataAvailable() throws IOException {
            int read;
            while (!over.get() && in.isReady() && (read = in.read(chunk)) >= 0) {
                if (System.nanoTime() - due > 0) {
                    refuse(408, late);
                    return;
                }
                if (body.size() + read > limit) {
                    refuse(413, what + " too large: over " + limit + " bytes");
                    return;
                }
                body.write(chunk, 0, read);
            }
        }

        @Override
        public void onAllDataRead() {
            if (!end()) {
                return;
            }
            boolean handedOn = false;
            try {
                if (later != null) {
                    later.accept(body.toByteArray(), async);
                    handedOn = true;
                } else {
                    handler.accept(body.toByteArray());
                }
            } catch (AdminException e) {
                reply(e.status(), e.getMessage());
            } catch (IOException e) {
                // the client went away while we answered
            } catch (RuntimeException e) {
                reply(500, "internal error: " + e);
            } finally {
                if (!handedOn) {
                    complete();
                }
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            refuse(408, late);
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        @Override
        public void onError(Throwable failure) {
            boolean idle = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException;
            refuse(idle ? 408 : 400, what + (idle ? " went silent: " : " cut short: ") + failure.getMessage());
        }

        void refuse(int status, String reason) {
            if (!end()) {
                return;
            }
            if (status == 408) {
                metrics.add(Metrics.REFUSALS, "slow-body", 1);
            }
            response.setHeader("Connection", "close");
            reply(status, reason);
            complete();
        }

        private boolean end() {
            return over.compareAndSet(false, true);
        }

        private void complete() {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // Jetty ended the request itself (its connection failed)
            }
        }

        private void reply(int status, String reason) {
            try {
                HttpReplies.error(response, status, reason);
            } catch (IOException | IllegalStateException e) {
                // the client is gone, or the handler had begun its answer
            }
        }
    }
}
