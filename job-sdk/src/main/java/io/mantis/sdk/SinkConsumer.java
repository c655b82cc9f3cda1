package io.mantis.sdk;

/**
 * Receives the last stage's output in one worker, for a {@link Sink#custom} sink. Called from one thread
 * at a time. Throwing fails the worker.
 */
public interface SinkConsumer<T> {

    void accept(T event) throws Exception;

    /** The stream ended normally. */
    default void complete() throws Exception {
    }
}
