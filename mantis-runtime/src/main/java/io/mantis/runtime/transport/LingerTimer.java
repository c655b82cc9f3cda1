package io.mantis.runtime.transport;

import io.netty.channel.EventLoop;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One timer for all of a server's pending frames, so that a frame is flushed at the latest about
 * {@code linger} after its first event without scheduling a task per frame: it is armed when a frame gets its
 * first event and stays armed (and therefore cheap to re-arm) until it fires; the callback flushes what is due
 * and re-arms for the oldest frame left.
 *
 * <p>Not thread-safe: {@link #arm} and {@link #armIn} are called under the owner's lock, and the callback
 * takes that lock first thing and calls {@link #fired}.
 */
final class LingerTimer {

    private final EventLoop loop;
    private final long lingerNanos;
    private final Runnable callback;
    private boolean armed;

    LingerTimer(EventLoop loop, long lingerNanos, Runnable callback) {
        this.loop = loop;
        this.lingerNanos = lingerNanos;
        this.callback = callback;
    }

    long lingerNanos() {
        return lingerNanos;
    }

    /** Fires after the linger unless already armed. */
    void arm() {
        armIn(lingerNanos);
    }

    /** Fires after {@code delayNanos} unless already armed; zero or less: as soon as the event loop can. */
    void armIn(long delayNanos) {
        if (armed) {
            return;
        }
        armed = true;
        try {
            if (delayNanos <= 0) {
                loop.execute(callback);
            } else {
                loop.schedule(callback, delayNanos, TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            armed = false; // the event loop is shutting down, and with it the connections
        }
    }

    /** The callback runs: the next {@link #arm} schedules again. */
    void fired() {
        armed = false;
    }
}
