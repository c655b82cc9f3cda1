package io.mantis.runtime.transport;

import org.reactivestreams.Subscription;

/**
 * Passes {@code request(n)} and {@code cancel()} to the stage's output subscription, one call at a time
 * (Reactive Streams rule 2.7), and never after the output terminated or was cancelled: a subscription
 * whose source ran on a since-disposed scheduler worker would otherwise report a rejected task.
 *
 * <p>Threading: any thread. The lock is held during the upstream call, so a second thread's request waits
 * for it, and a source that emits synchronously inside {@code request} re-enters here on the same thread:
 * such a nested request is added to {@code pending} and issued by the outer call. Callers must not hold the
 * {@link OutboundFlow}'s lock (the upstream call may emit into it).
 */
final class UpstreamDemand {

    private final Object lock = new Object();

    // @GuardedBy("lock")
    private Subscription upstream;
    private boolean terminated;
    private boolean requesting;
    private long pending;

    /** Returns false (and leaves the first) if a subscription was already set. */
    boolean set(Subscription s) {
        synchronized (lock) {
            if (upstream != null) {
                return false;
            }
            upstream = s;
            return true;
        }
    }

    void request(long n) {
        if (n <= 0) {
            return;
        }
        synchronized (lock) {
            pending = pending + n < 0 ? Long.MAX_VALUE : pending + n;
            if (requesting) {
                return; // nested in our own upstream call: the loop below issues it
            }
            requesting = true;
            try {
                while (pending > 0 && !terminated && upstream != null) {
                    long r = pending;
                    pending = 0;
                    upstream.request(r);
                }
            } finally {
                requesting = false;
            }
        }
    }

    /** The output completed or failed: its subscription is void from now on. */
    void terminated() {
        synchronized (lock) {
            terminated = true;
            pending = 0;
        }
    }

    /** Cancels the subscription unless it already ended. Idempotent. */
    void cancel() {
        synchronized (lock) {
            if (terminated) {
                return;
            }
            terminated = true;
            pending = 0;
            if (upstream != null) {
                upstream.cancel();
            }
        }
    }
}
