package io.mantis.runtime.local;

/** A local job ended because one of its workers failed; the message names the job, stage and worker. */
public class JobFailedException extends Exception {

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
