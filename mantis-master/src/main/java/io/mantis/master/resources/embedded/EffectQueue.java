package io.mantis.master.resources.embedded;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs side effects (listener calls, HTTP requests) outside the provider's lock but in the order they were decided
 * under it, so a lease is never rescinded before it was offered. Whichever thread finds the queue idle drains it;
 * others only enqueue, so an effect that calls back into the provider does not deadlock or recurse.
 */
final class EffectQueue {

    private static final Logger log = LoggerFactory.getLogger(EffectQueue.class);

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Enqueues; call under the provider's lock so the order matches the decisions. */
    void add(Runnable effect) {
        queue.add(effect);
    }

    /**
     * Runs queued effects unless another thread already does; call without holding the lock. An effect that throws
     * is logged and skipped: one faulty listener call must not hold back the others.
     */
    void drain() {
        while (!queue.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                Runnable effect;
                while ((effect = queue.poll()) != null) {
                    try {
                        effect.run();
                    } catch (RuntimeException e) {
                        log.error("embedded agents: a side effect failed and was skipped", e);
                    }
                }
            } finally {
                draining.set(false);
            }
        }
    }
}
