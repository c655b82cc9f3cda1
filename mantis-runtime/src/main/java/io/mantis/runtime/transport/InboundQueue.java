package io.mantis.runtime.transport;

import io.reactivex.rxjava3.core.Flowable;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Merges the decoded batches of every upstream connection into one {@code Flowable}: the queue-drain pattern
 * of RxJava's operators. Event loops {@link #offer} batches; the thread that wins the {@code wip} counter
 * emits up to the requested amount, and the others only make it loop once more. With a drain executor (the
 * stage's own thread) the winner hands the drain to it, so user code never blocks an event loop.
 *
 * <p>Backpressure: an event is emitted only when requested, and its connection gets the credit back only
 * then ({@link InboundHandler#consumed}, per batch), so at most a credit window of events per connection
 * waits here. Markers are delivered to the {@link MarkerListener} when they reach
 * the head of the queue, that is, after the events received before them were emitted; they need no request.
 *
 * <p>Termination: errors ({@link #fail}) are delivered at once, dropping what is queued; completion when the
 * {@code allEnded} condition holds and the queue is empty. One subscriber only.
 */
final class InboundQueue<T> extends Flowable<T> implements Subscription {

    /** Events of one DATA frame, emitted from {@code next} on. Drain-confined once queued. */
    static final class Batch {
        final Object[] events;
        final InboundHandler<?> source;
        int next;

        Batch(Object[] events, InboundHandler<?> source) {
            this.events = events;
            this.source = source;
        }
    }

    record Marker(long originEpochMicros) {
    }

    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final MarkerListener markers;
    private final BooleanSupplier allEnded;
    private final Runnable onCancel;
    /** Where user code runs; null drains on whichever thread offered or requested. */
    private final Executor drainExecutor;
    /** {@link #drainLoop} as a task for {@link #drainExecutor}, made once rather than per hand-off. */
    private final Runnable drainTask = this::drainLoop;

    private volatile Subscriber<? super T> downstream;
    private volatile boolean cancelled;

    // Drain-confined (only the thread holding wip touches these).
    private long emitted;
    private Batch current;
    private boolean terminated;

    /**
     * @param allEnded true once every current upstream sent END (read before checking emptiness, so it must
     *                 only turn true after the last batch of each upstream was offered)
     * @param onCancel runs once when the subscriber cancels
     * @param drainExecutor runs the drain, and so the subscriber's code, off Netty's event loop; null drains
     *                      inline on the offering or requesting thread
     */
    InboundQueue(MarkerListener markers, BooleanSupplier allEnded, Runnable onCancel, Executor drainExecutor) {
        this.markers = markers;
        this.allEnded = allEnded;
        this.onCancel = onCancel;
        this.drainExecutor = drainExecutor;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(NoSubscription.INSTANCE);
            subscriber.onError(new IllegalStateException("the input of a stage allows one subscriber only"));
            return;
        }
        downstream = subscriber;
        subscriber.onSubscribe(this);
        drain();
    }

    /** Queues a batch or a {@link Marker}; any thread. */
    void offer(Object item) {
        queue.offer(item);
        drain();
    }

    /** The completion condition may have changed. */
    void signal() {
        drain();
    }

    /** Fails the flow (the first failure wins). */
    void fail(Throwable t) {
        if (error.compareAndSet(null, t)) {
            drain();
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("§3.9 violated: positive request amount required but it was " + n));
            return;
        }
        long current;
        long next;
        do {
            current = requested.get();
            if (current == Long.MAX_VALUE) {
                return;
            }
            next = current + n;
            if (next < 0) {
                next = Long.MAX_VALUE;
            }
        } while (!requested.compareAndSet(current, next));
        drain();
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            onCancel.run();
            if (wip.getAndIncrement() == 0) {
                clear();
            }
        }
    }

    private void clear() {
        queue.clear();
        current = null;
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        if (drainExecutor == null) {
            drainLoop();
            return;
        }
        // The task owns the wip taken above; at most one is pending, so this costs a hop per burst, not per event.
        try {
            drainExecutor.execute(drainTask);
        } catch (RejectedExecutionException e) {
            // The stage is shutting down; nobody is left to deliver to.
            wip.set(0);
        }
    }

    @SuppressWarnings("unchecked")
    private void drainLoop() {
        int missed = 1;
        for (;;) {
            Subscriber<? super T> a = downstream;
            if (a != null && !terminated) {
                long r = requested.get();
                long e = emitted;
                for (;;) {
                    if (cancelled) {
                        clear();
                        return;
                    }
                    Throwable ex = error.get();
                    if (ex != null) {
                        terminated = true;
                        clear();
                        a.onError(ex);
                        return;
                    }
                    Batch b = current;
                    if (b == null) {
                        boolean done = allEnded.getAsBoolean(); // before poll: see the constructor
                        Object item = queue.poll();
                        if (item == null) {
                            if (done) {
                                terminated = true;
                                a.onComplete();
                                return;
                            }
                            break;
                        }
                        if (item instanceof Marker m) {
                            markers.onMarker(m.originEpochMicros());
                            continue;
                        }
                        b = (Batch) item;
                        current = b;
                    }
                    if (e == r) {
                        break;
                    }
                    Object[] events = b.events;
                    int from = b.next;
                    int to = (int) Math.min(events.length, from + (r - e));
                    for (int i = from; i < to; i++) {
                        if (cancelled) {
                            clear();
                            return;
                        }
                        a.onNext((T) events[i]);
                    }
                    e += to - from;
                    b.next = to;
                    b.source.consumed(to - from);
                    if (to == events.length) {
                        current = null;
                    }
                    if (e == r) {
                        r = requested.get(); // the subscriber may have requested more meanwhile
                    }
                }
                emitted = e;
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** For a refused second subscriber. */
    private enum NoSubscription implements Subscription {
        INSTANCE;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }
}
