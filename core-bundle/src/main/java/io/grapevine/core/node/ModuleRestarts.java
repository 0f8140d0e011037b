package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.ModuleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When a module that failed on this node is started again. A module call overrunning its bound on
 * a machine short of CPU marks a healthy module failed; a supervisor's answer is to start it again
 * after a backoff that doubles, a few times per jar, so a module that is truly broken costs at
 * most that many abandoned threads and then stays failed until a deployment changes it.
 */
final class ModuleRestarts {
    static final int ATTEMPTS = 5;
    static final long FIRST_BACKOFF_MS = 10_000;

    private record Due(ModuleEntry module, long at) {
    }

    private final Map<String, Integer> attempts = new HashMap<>();
    private final Map<String, Due> due = new HashMap<>();

    /** {@code module} failed at {@code now}: the ms until it is started again, or -1 when it has had its tries. */
    long failed(long now, ModuleEntry module) {
        int attempt = attempts.merge(module.sha256(), 1, Integer::sum);
        if (attempt > ATTEMPTS) {
            return -1;
        }
        long backoff = FIRST_BACKOFF_MS << (attempt - 1);
        due.put(module.sha256(), new Due(module, now + backoff));
        return backoff;
    }

    /** The modules of {@code running} whose backoff has ended; each is handed out once. */
    List<ModuleEntry> dueBy(long now, Configuration running) {
        List<ModuleEntry> ready = new ArrayList<>();
        due.values().removeIf(d -> {
            if (d.at() > now) {
                return false;
            }
            running.modules().stream().filter(d.module()::sameCode).findFirst().ifPresent(ready::add);
            return true;
        });
        return ready;
    }

    /** Forgets jars {@code running} no longer names: a deployment that brings one back gives it its tries again. */
    void keepOnly(Configuration running) {
        attempts.keySet().retainAll(running.modules().stream().map(ModuleEntry::sha256).toList());
        due.keySet().retainAll(attempts.keySet());
    }

    long nextDue() {
        return due.values().stream().mapToLong(Due::at).min().orElse(Long.MAX_VALUE);
    }

    int attemptsOf(ModuleEntry module) {
        return attempts.getOrDefault(module.sha256(), 0);
    }
}
