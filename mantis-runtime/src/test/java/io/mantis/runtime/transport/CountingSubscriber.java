package io.mantis.runtime.transport;

import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;

/**
 * A subscriber that counts events and hands each to an optional consumer, requesting either without bound
 * or only when the test says so ({@link #request}). Callbacks arrive one at a time (possibly on different
 * threads, ordered by the source), so the plain count is safe to read from them; other threads read
 * {@link #count()}, which is volatile.
 */
final class CountingSubscriber<T> implements FlowableSubscriber<T> {

    private final long initialRequest;
    private final Consumer<? super T> consumer;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile Subscription subscription;
    private volatile long count;
    private volatile Throwable error;
    private volatile boolean completed;

    CountingSubscriber(long initialRequest, Consumer<? super T> consumer) {
        this.initialRequest = initialRequest;
        this.consumer = consumer;
    }

    static <T> CountingSubscriber<T> unbounded() {
        return new CountingSubscriber<>(Long.MAX_VALUE, e -> { });
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(T t) {
        consumer.accept(t);
        count = count + 1; // single writer: the callbacks are serialized
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        terminated.countDown();
    }

    @Override
    public void onComplete() {
        completed = true;
        terminated.countDown();
    }

    void request(long n) {
        subscription.request(n);
    }

    void cancel() {
        subscription.cancel();
    }

    long count() {
        return count;
    }

    boolean completed() {
        return completed;
    }

    Throwable error() {
        return error;
    }

    boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /** Waits for onComplete or onError; fails the test if neither comes in time. */
    void awaitTerminated(long seconds) throws InterruptedException {
        if (!terminated.await(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("no onComplete/onError within " + seconds + " s; received " + count);
        }
    }

    /** Waits for onComplete; fails with the error if the flow failed instead. */
    void awaitCompleted(long seconds) throws InterruptedException {
        awaitTerminated(seconds);
        if (error != null) {
            throw new AssertionError("the flow failed instead of completing", error);
        }
    }

    @Override
    public String toString() {
        return "received " + count + (completed ? ", completed" : "") + (error != null ? ", failed: " + error : "");
    }
}
