package io.mantis.cli;

/**
 * A failure to report to the user as {@code error: <message>} with exit code 1. The message must say what went
 * wrong and, where possible, what to do about it; no stack trace is shown.
 */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
