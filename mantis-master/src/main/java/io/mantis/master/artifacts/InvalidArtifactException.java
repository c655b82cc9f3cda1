package io.mantis.master.artifacts;

/** An uploaded file that cannot be stored as a job JAR; the message says why and what to do. */
public final class InvalidArtifactException extends RuntimeException {

    public InvalidArtifactException(String message) {
        super(message);
    }

    public InvalidArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
