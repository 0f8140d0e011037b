package io.grapevine.core.net;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which sequence numbers each sender has used, as IPsec's anti-replay window: the highest seen and
 * a bitmap of the {@value #WIDTH} below it, so requests sent at once may arrive in any order but
 * none is taken twice, and one older than the window is refused. At most {@value #SENDERS} senders
 * are remembered (the least recently heard is forgotten). Thread-safe.
 */
final class ReplayWindow {
    static final int WIDTH = 4096;
    static final int SENDERS = 4096;

    private static final class Window {
        long highest;
        final long[] seen = new long[WIDTH / 64];

        boolean get(long seq) {
            int bit = (int) Math.floorMod(seq, (long) WIDTH);
            return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
        }

        void set(long seq) {
            int bit = (int) Math.floorMod(seq, (long) WIDTH);
            seen[bit >>> 6] |= 1L << (bit & 63);
        }

        void clear(long seq) {
            int bit = (int) Math.floorMod(seq, (long) WIDTH);
            seen[bit >>> 6] &= ~(1L << (bit & 63));
        }
    }

    private final Map<String, Window> windows = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > SENDERS;
        }
    };

    /** True the first time {@code from} uses {@code seq} within its window. */
    synchronized boolean accept(String from, long seq) {
        Window window = windows.get(from);
        if (window == null) {
            window = new Window();
            window.highest = seq;
            window.set(seq);
            windows.put(from, window);
            return true;
        }
        if (seq > window.highest) {
            long advance = Math.min(seq - window.highest, WIDTH);
            for (long s = window.highest + 1; s <= window.highest + advance; s++) {
                window.clear(s);
            }
            window.highest = seq;
            window.set(seq);
            return true;
        }
        if (window.highest - seq >= WIDTH || window.get(seq)) {
            return false;
        }
        window.set(seq);
        return true;
    }
}
