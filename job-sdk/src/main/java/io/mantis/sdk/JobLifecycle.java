package io.mantis.sdk;

/**
 * Hooks around the life of one worker: {@link #open} runs before any user code of the worker's stage,
 * {@link #close} after its stream has ended (completed, failed or cancelled), also when {@code open}
 * failed. A failure in {@code open} fails the worker.
 */
public interface JobLifecycle {

    JobLifecycle NONE = new JobLifecycle() { };

    default void open(Context context) throws Exception {
    }

    default void close(Context context) throws Exception {
    }
}
