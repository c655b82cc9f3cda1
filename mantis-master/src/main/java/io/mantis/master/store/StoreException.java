package io.mantis.master.store;

/** The store could not do what was asked; the message names the path and the cause. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
