package io.mantis.master.resources.mesos;

import java.time.Clock;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notices a silent subscription: Mesos sends HEARTBEAT every {@code heartbeat_interval_seconds}, so a stream with
 * no event for {@code missed} intervals is dead even if its TCP connection looks open (a half-open connection after
 * a network partition never closes by itself). Then it runs {@code onSilence} once and stops.
 *
 * <p>Thread-safe: {@link #touch()} is called from the event loop, checks run on the timer.
 */
final class HeartbeatWatchdog {

    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final int missed;
    private volatile long lastEventMillis;
    private ScheduledFuture<?> check;
    /** Identifies the running watch, so a check of a stopped one that is already running does nothing. */
    private Object current;

    HeartbeatWatchdog(Clock clock, ScheduledExecutorService timer, int missed) {
        this.clock = clock;
        this.timer = timer;
        this.missed = missed;
    }

    /** Starts watching a new subscription (stopping any previous watch). */
    synchronized void start(long intervalMillis, Runnable onSilence) {
        stop();
        long interval = Math.max(1, intervalMillis);
        long limit = interval * missed;
        touch();
        Object watch = new Object();
        current = watch;
        try {
            check = timer.scheduleWithFixedDelay(() -> {
                long silent = clock.millis() - lastEventMillis;
                if (silent > limit && stopIfCurrent(watch)) {
                    onSilence.run();
                }
            }, interval, interval, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            check = null; // the timer is shut down: the provider is closing
        }
    }

    /** An event arrived. */
    void touch() {
        lastEventMillis = clock.millis();
    }

    synchronized void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        current = null;
    }

    private synchronized boolean stopIfCurrent(Object watch) {
        if (current != watch) {
            return false;
        }
        stop();
        return true;
    }
}
