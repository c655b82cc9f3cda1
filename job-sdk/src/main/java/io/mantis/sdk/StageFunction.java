package io.mantis.sdk;

import io.reactivex.rxjava3.core.Flowable;

/**
 * The user code of one stage: turns the stage's input stream into its output stream.
 *
 * <p>Called once per worker, when the worker starts. The returned {@code Flowable} must honour
 * backpressure (standard RxJava operators do): the platform requests only as many events as the next
 * stage has granted credit for, so a slow next stage slows this one down instead of filling memory.
 * An error signalled by the returned {@code Flowable}, or thrown here, fails the worker.
 */
@FunctionalInterface
public interface StageFunction<T, R> {
    Flowable<R> apply(Context context, Flowable<T> input) throws Exception;
}
