package io.mantis.master.job;

import java.util.Objects;

/**
 * A request the job cannot take in its current state or with these arguments. The message names the job and says
 * why; {@link #kind()} tells an API which status to answer.
 */
public final class IllegalTransitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the request was refused. */
    public enum Kind {
        /** The job has already ended (an API answers 409). */
        ENDED,
        /** An argument is out of range, such as a stage number or worker count (400). */
        INVALID,
        /** The named worker is not a current worker of the job (404). */
        UNKNOWN_WORKER
    }

    private final Kind kind;

    public IllegalTransitionException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }
}
