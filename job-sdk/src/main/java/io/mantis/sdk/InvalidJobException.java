package io.mantis.sdk;

/** A job definition, or a job JAR, that cannot run; the message says what is wrong and how to fix it. */
public class InvalidJobException extends RuntimeException {

    public InvalidJobException(String message) {
        super(message);
    }

    public InvalidJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
