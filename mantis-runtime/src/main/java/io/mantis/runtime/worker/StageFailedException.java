package io.mantis.runtime.worker;

/** A worker's stage failed; the message names the job, stage and worker and the cause. */
public class StageFailedException extends RuntimeException {

    public StageFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
