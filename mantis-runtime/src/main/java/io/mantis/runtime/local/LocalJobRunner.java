package io.mantis.runtime.local;

import io.mantis.sdk.Job;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Runs a job on this machine: every worker of every stage, connected over real loopback sockets exactly as
 * on the platform. {@link #inJvm()} runs workers as threads of this JVM (for tests and {@code main}s);
 * {@link #processes()} runs each worker as its own child JVM (the worker entry point the executor uses).
 */
public final class LocalJobRunner {

    public static LocalJobRunner inJvm() {
        throw new UnsupportedOperationException("TODO");
    }

    public static LocalJobRunner processes() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Overrides the worker count of stage {@code stageNumber} (1-based). */
    public LocalJobRunner workers(int stageNumber, int count) {
        throw new UnsupportedOperationException("TODO");
    }

    /** A job parameter, in text form; validated against the job's definitions at start. */
    public LocalJobRunner parameter(String name, String value) {
        throw new UnsupportedOperationException("TODO");
    }

    public LocalJobRunner jobId(String id) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Extra JVM options for worker processes (e.g. {@code -Xmx256m}); ignored in-JVM. */
    public LocalJobRunner javaOptions(String... options) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Starts {@code job} in this JVM; {@code output} receives the last stage's events, called concurrently
     * from the last stage's workers.
     *
     * @throws io.mantis.sdk.InvalidParameterException before anything runs, when a parameter is bad
     * @throws IllegalStateException in process mode: a job object cannot cross processes; use {@link #start(Path, Consumer)}
     */
    public <T> LocalJob start(Job<T> job, Consumer<? super T> output) {
        throw new UnsupportedOperationException("TODO");
    }

    public <T> LocalJob start(Job<T> job) {
        return start(job, event -> { });
    }

    /**
     * Starts the job declared by {@code jobJar}. In-JVM, {@code output} gets the job's event objects; in
     * process mode it gets each event's SSE text, from the moment the runner's stream client connected.
     *
     * @throws io.mantis.sdk.InvalidJobException when the JAR is unreadable or declares no job, or several
     */
    public LocalJob start(Path jobJar, Consumer<Object> output) {
        throw new UnsupportedOperationException("TODO");
    }
}
