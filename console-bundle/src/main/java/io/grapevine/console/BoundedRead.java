package io.grapevine.console;

import java.io.IOException;
import java.io.InputStream;

/** Reads a module jar from an upload, a file or a URL, never more than the core takes. */
public final class BoundedRead {
    private BoundedRead() {
    }

    /** Reads at most {@code maxBytes} (the admin service's maxBundleBytes); more is {@link TooLarge}. */
    public static byte[] jar(InputStream in, long maxBytes) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw new TooLarge(maxBytes);
        }
        return bytes;
    }

    /** A jar over the core's size limit. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("bundle too large: over " + limit + " bytes is the limit (grapevine.bundle.max.bytes)");
        }
    }
}
