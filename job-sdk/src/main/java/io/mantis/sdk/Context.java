package io.mantis.sdk;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What user code can know about the worker it runs in. Handed to {@link Source}, {@link StageFunction},
 * sinks and {@link JobLifecycle} hooks. Thread-safe.
 */
public interface Context {

    /** The job's id, {@code <cluster>-<n>} on the platform, or the local runner's id. */
    String jobId();

    /** 1-based number of this worker's stage. */
    int stageNumber();

    /** The name the job gave this worker's stage. */
    String stageName();

    /** Number of stages in the job. */
    int stageCount();

    /** This worker's position in its stage, 0-based; kept when the worker is replaced. */
    int workerIndex();

    /** This launch of the worker; a replacement gets a new, higher number. */
    int workerNumber();

    /** How many workers the stage has. */
    int workerCount();

    /** The job's parameter values, already validated. */
    ParameterValues parameters();

    /**
     * The worker's metrics registry; meters registered here are served with the platform's own in
     * Prometheus format. Job JARs need micrometer-core only at compile time (scope {@code provided}).
     */
    MeterRegistry meterRegistry();

    /** Runs {@code hook} when the worker's stream ends, after the stage's own {@link JobLifecycle#close}. */
    void onClose(AutoCloseable hook);
}
