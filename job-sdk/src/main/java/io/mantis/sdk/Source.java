package io.mantis.sdk;

import io.reactivex.rxjava3.core.Flowable;

/**
 * Where a job's events come from. Runs inside every worker of the first stage; a source that reads a
 * partitioned input should use {@link Context#workerIndex()} and {@link Context#workerCount()} to pick
 * its share. The returned {@code Flowable} must honour backpressure; a finite one completes the job
 * once every stage has drained.
 */
@FunctionalInterface
public interface Source<T> {
    Flowable<T> create(Context context) throws Exception;
}
