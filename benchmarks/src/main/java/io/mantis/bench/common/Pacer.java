package io.mantis.bench.common;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces an emitter at a fixed rate in 1 ms slices: the events of slice {@code s} become due at
 * {@code start + s ms} and are then emitted as one burst. Bursts rather than evenly spaced single events,
 * because sleeping for microseconds is not possible (a park overshoots by ~50-100 µs) and busy-spinning
 * would take one of the machine's two cores away from the system under test. An emitter that falls behind
 * catches up without waiting, so the offered rate holds on average.
 *
 * <p>Not thread-safe: one emitter per pacer.
 */
public final class Pacer {

    private static final long SLICE_NANOS = 1_000_000L;

    private final long eventsPerSlice;
    private final long sliceNanos;
    private long startNanos = -1;

    /** {@code ratePerSecond <= 0} means unthrottled: {@link #awaitTurn} never waits. */
    public Pacer(double ratePerSecond) {
        if (ratePerSecond <= 0) {
            eventsPerSlice = 0;
            sliceNanos = 0;
        } else {
            eventsPerSlice = Math.max(1, Math.round(ratePerSecond * SLICE_NANOS / 1e9));
            // Below 1000 events/s a slice holds one event and lasts longer than 1 ms.
            sliceNanos = Math.round(eventsPerSlice * 1e9 / ratePerSecond);
        }
    }

    /** Blocks (parking, not spinning) until event number {@code i} (0-based, consecutive) is due. */
    public void awaitTurn(long i) {
        if (eventsPerSlice == 0) {
            return;
        }
        if (startNanos < 0) {
            startNanos = System.nanoTime();
        }
        if (i % eventsPerSlice != 0) {
            return;
        }
        long due = startNanos + (i / eventsPerSlice) * sliceNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** For non-blocking emitters: how many events (counted from the first) are due by {@code nowNanos}. */
    public long eventsDueBy(long nowNanos) {
        if (eventsPerSlice == 0) {
            return Long.MAX_VALUE;
        }
        if (startNanos < 0) {
            startNanos = nowNanos;
        }
        return ((nowNanos - startNanos) / sliceNanos + 1) * eventsPerSlice;
    }

    /** For non-blocking emitters: nanoseconds from {@code nowNanos} until the next slice starts. */
    public long nanosToNextSlice(long nowNanos) {
        if (eventsPerSlice == 0 || startNanos < 0) {
            return 0;
        }
        return sliceNanos - (nowNanos - startNanos) % sliceNanos;
    }
}
