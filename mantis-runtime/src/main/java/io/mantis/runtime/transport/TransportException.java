package io.mantis.runtime.transport;

/**
 * A stage-to-stage link failed: an upstream stage failed, an event could not be encoded or decoded, or the
 * peers broke the protocol. The message names the worker (its label) and, where known, the peer and codec.
 */
public final class TransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
