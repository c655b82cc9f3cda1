package io.mantis.bench.harness;

import java.lang.management.ManagementFactory;

/**
 * Waits for the machine to go quiet before a timed run: what the previous run left behind (exiting child JVMs,
 * the harness's own garbage collection, Flink's shutting-down threads) otherwise lands in the next system's
 * figures. Quiet means whole-machine CPU load under 10% in two consecutive samples 100 ms apart.
 */
final class Quiescence {

    private static final double QUIET_LOAD = 0.10;
    private static final long MAX_WAIT_MILLIS = 10_000;

    private Quiescence() {
    }

    /** Returns how long it waited; gives up after 10 s on a machine that others keep busy, and says so. */
    static long await() throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.currentTimeMillis();
        int quietSamples = 0;
        while (quietSamples < 2) {
            if (System.currentTimeMillis() - start > MAX_WAIT_MILLIS) {
                return -1;
            }
            Thread.sleep(100);
            double load = os.getCpuLoad();
            quietSamples = load >= 0 && load < QUIET_LOAD ? quietSamples + 1 : 0;
        }
        return System.currentTimeMillis() - start;
    }
}
