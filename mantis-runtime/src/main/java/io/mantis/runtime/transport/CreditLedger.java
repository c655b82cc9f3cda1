package io.mantis.runtime.transport;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The arithmetic that maps downstream credit onto {@code request(n)} upstream (lossless): how much credit the
 * connections hold, how many events were requested and not yet received, hence how many more to request now.
 * At most {@code min(credit, MAX_OUTSTANDING)} events are ever outstanding, requested in chunks of about half
 * that (never one at a time), and nothing while events are parked. Also measures how long the output waits
 * for credit.
 *
 * <p>No I/O; not thread-safe: guarded by the owning {@link OutboundFlow}'s lock.
 */
final class CreditLedger {

    /** Most events requested from upstream and not yet received. */
    static final int MAX_OUTSTANDING = 1024;

    private final LongSupplier nanoClock;
    private final LongConsumer onWaitEnded;

    private long credit;
    private long outstanding;
    private boolean waiting;
    private long waitingSinceNanos;

    /**
     * @param nanoClock   {@link System#nanoTime()} outside tests
     * @param onWaitEnded receives the nanoseconds of each finished wait for credit
     */
    CreditLedger(LongSupplier nanoClock, LongConsumer onWaitEnded) {
        this.nanoClock = nanoClock;
        this.onWaitEnded = onWaitEnded;
    }

    /** A connection arrived with, or granted, {@code n} more events. */
    void granted(long n) {
        credit += n;
    }

    /** A connection left, taking its unused credit with it. */
    void revoked(long n) {
        credit -= n;
    }

    /** One event was put in a frame. */
    void spent() {
        credit--;
    }

    /** One requested event arrived. */
    void received() {
        outstanding--;
    }

    long outstanding() {
        return outstanding;
    }

    /**
     * How many events to request now, already counted as outstanding; 0 if none are due. {@code parked}: some
     * event waits for a connection's credit, so nothing more may come until it leaves.
     */
    long next(boolean parked) {
        long want = 0;
        boolean stuck;
        if (parked) {
            stuck = true;
        } else {
            long budget = Math.min(credit, MAX_OUTSTANDING);
            long room = budget - outstanding;
            if (room > 0 && (outstanding == 0 || room >= (budget + 1) / 2)) {
                want = room;
            }
            stuck = outstanding <= 0 && room <= 0;
        }
        // Time is read only when a wait starts or ends, not per event.
        if (stuck && !waiting) {
            waiting = true;
            waitingSinceNanos = nanoClock.getAsLong();
        } else if (!stuck && waiting) {
            waiting = false;
            onWaitEnded.accept(nanoClock.getAsLong() - waitingSinceNanos);
        }
        outstanding += want;
        return want;
    }
}
