package io.mantis.cli.client;

import io.mantis.cli.CliException;

/**
 * The master answered with an error status. The message is the {@code ApiError}'s, which names the field or id
 * at fault and says what to do.
 *
 * @see io.mantis.protocol.ApiError
 */
public final class MasterError extends CliException {

    private final int status;
    private final String kind;

    public MasterError(int status, String kind, String message) {
        super(message);
        this.status = status;
        this.kind = kind;
    }

    /** The HTTP status, e.g. 404. */
    public int status() {
        return status;
    }

    /** The ApiError kind, e.g. "not_found"; "http_error" when the body was not an ApiError. */
    public String kind() {
        return kind;
    }
}
