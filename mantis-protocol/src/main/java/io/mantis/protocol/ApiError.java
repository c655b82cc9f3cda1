package io.mantis.protocol;

/**
 * The body of every error the REST API returns.
 *
 * @param error   a short machine-readable kind, e.g. "bad_request", "not_found", "conflict", "too_large", "unauthorized"
 * @param message what was wrong and what to do, naming the field or id
 */
public record ApiError(String error, String message) {
}
