package io.grapevine.broadcast;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message ids a node has seen, to deliver and forward each message once: bounded in time
 * (an id is forgotten {@code retentionMs} after it was first seen) and in count (beyond
 * {@code max}, the oldest is forgotten first).
 */
final class SeenIds {
    private final long retentionMs;
    private final int max;
    private final LinkedHashMap<String, Long> firstSeen = new LinkedHashMap<>();
    private long forgottenEarly;

    SeenIds(long retentionMs, int max) {
        this.retentionMs = retentionMs;
        this.max = max;
    }

    /** Remembers {@code id}; whether it is new. */
    boolean firstTime(String id, long now) {
        expire(now);
        if (firstSeen.containsKey(id)) {
            return false;
        }
        firstSeen.put(id, now);
        if (firstSeen.size() > max) {
            Iterator<String> oldest = firstSeen.keySet().iterator();
            oldest.next();
            oldest.remove();
            forgottenEarly++;
        }
        return true;
    }

    int size(long now) {
        expire(now);
        return firstSeen.size();
    }

    /** Ids forgotten for lack of room before their retention ran out. */
    long forgottenEarly() {
        return forgottenEarly;
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Long>> oldest = firstSeen.entrySet().iterator();
        while (oldest.hasNext() && now - oldest.next().getValue() >= retentionMs) {
            oldest.remove();
        }
    }
}
