package io.grapevine.core.node;

import io.grapevine.core.config.Configuration;
import io.grapevine.core.config.DeploymentNumber;
import io.grapevine.core.trust.TrustRoot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configurations this node did not believe, so that hearing one again costs nothing, and which
 * refusals are worth a line in the event log: each configuration the first time, then once a minute
 * per sender, all within a budget, so that no peer can flood the log.
 */
final class Refusals {
    private static final int REFUSED_KEPT = 32;
    private static final int SENDERS_KEPT = 256;
    private static final long LOG_EVERY_MS = 60_000;
    private static final int LOGS_PER_MINUTE = 30;

    private final Map<Configuration, TrustRoot.Refusal> refused = new LinkedHashMap<>();
    private final Map<String, Long> lastLogged = new LinkedHashMap<>(16, 0.75f, true);
    /** The newest deployment trusted keys signed that was refused only for being ahead of this clock. */
    private DeploymentNumber aheadOfClock;
    private long budgetSince;
    private int budgetUsed;

    /**
     * Remembers that {@code config} from {@code from} was refused; {@code trustedSigned}: the trust
     * threshold signed it. Returns whether the refusal is to be logged.
     */
    boolean remember(long now, Configuration config, TrustRoot.Refusal refusal, String from, boolean trustedSigned) {
        boolean news = !refused.containsKey(config);
        if (news && refusal.code().equals(TrustRoot.TOO_FAR_AHEAD) && trustedSigned) {
            aheadOfClock = DeploymentNumber.max(aheadOfClock, config.deployment());
        }
        refused.put(config, refusal);
        if (refused.size() > REFUSED_KEPT) {
            refused.remove(refused.keySet().iterator().next());
        }
        Long last = lastLogged.get(from);
        if (now - budgetSince >= LOG_EVERY_MS) {
            budgetSince = now;
            budgetUsed = 0;
        }
        boolean log = (news || last == null || now - last >= LOG_EVERY_MS) && budgetUsed < LOGS_PER_MINUTE;
        if (log) {
            budgetUsed++;
            lastLogged.put(from, now);
            if (lastLogged.size() > SENDERS_KEPT) {
                lastLogged.remove(lastLogged.keySet().iterator().next());
            }
        }
        return log;
    }

    /** Why {@code config} was refused before, or null; a refusal time heals (too far ahead) does not count. */
    TrustRoot.Refusal lasting(Configuration config) {
        TrustRoot.Refusal known = refused.get(config);
        return known == null || known.code().equals(TrustRoot.TOO_FAR_AHEAD) ? null : known;
    }

    /** Whether a configuration numbered {@code number} was refused for good. */
    boolean refusedNumber(DeploymentNumber number) {
        return refused.entrySet().stream().anyMatch(r -> r.getKey().deployment().equals(number)
                && !r.getValue().code().equals(TrustRoot.TOO_FAR_AHEAD));
    }

    /** See {@link #aheadOfClock}; null when none was. */
    DeploymentNumber aheadOfClock() {
        return aheadOfClock;
    }
}
