package io.mantis.examples;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces events evenly at a target rate on the source's own thread. Sleeping there is fine: every source has
 * a thread of its own, and a paced source still honours backpressure because it only emits when asked.
 */
public final class Pacer {

    private final long intervalNanos;
    private long next = System.nanoTime();

    /** @param perSecond events per second; 0 means as fast as the next stage takes them */
    public Pacer(long perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("rate must not be negative, was " + perSecond);
        }
        this.intervalNanos = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
    }

    /** Waits until the next event is due. */
    public void await() {
        if (intervalNanos == 0) {
            return;
        }
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        } else if (wait < -1_000_000_000L) {
            // Far behind (the job was backpressured): do not burst to catch up.
            next = System.nanoTime();
        }
    }
}
