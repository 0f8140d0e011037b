package io.grapevine.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What each of N processes costs while nothing happens, averaged over the N and measured over one
 * window: resident and proportional memory at its end, CPU and traffic during it.
 *
 * @param rssBytes mean resident set size at the end of the window
 * @param pssBytes mean proportional set size (shared pages split among their users)
 * @param cpuPercent mean CPU use, in percent of one core
 * @param messagesPerMinute messages sent, per process and minute
 * @param bytesPerMinute bytes sent, per process and minute
 */
record Idle(long rssBytes, long pssBytes, double cpuPercent, double messagesPerMinute, double bytesPerMinute) {

    /** What the processes sent during the window, as each kind of process can tell. */
    interface Traffic {
        /** The window opens now. */
        void open() throws Exception;

        /** Messages and bytes sent per second during the window, summed over the processes. */
        double[] close(long openedAtMs, long closedAtMs) throws Exception;
    }

    static Idle measure(List<Long> pids, Traffic traffic, Duration window) throws Exception {
        traffic.open();
        long openedAtMs = System.currentTimeMillis();
        Duration cpuBefore = ProcStats.sumCpu(pids);
        long start = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(window.toMillis()); // the measurement window itself
        Duration cpu = ProcStats.sumCpu(pids).minus(cpuBefore);
        double seconds = (System.nanoTime() - start) / 1e9;
        long rss = ProcStats.sumRss(pids);
        long pss = ProcStats.sumPss(pids);
        double[] perSecond = traffic.close(openedAtMs, System.currentTimeMillis());
        int n = pids.size();
        return new Idle(rss / n, pss / n, cpu.toNanos() / 1e9 / seconds / n * 100, perSecond[0] * 60 / n,
                perSecond[1] * 60 / n);
    }
}
