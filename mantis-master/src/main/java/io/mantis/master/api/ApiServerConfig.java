package io.mantis.master.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the REST API.
 *
 * @param host             address to bind, e.g. "127.0.0.1"; "0.0.0.0" for every interface
 * @param port             port to bind; 0 picks a free one ({@link ApiServer#url()} tells which)
 * @param token            required as {@code Authorization: Bearer <token>} on POST, PUT and DELETE; null for none
 * @param maxArtifactBytes larger JAR uploads are refused with 413
 * @param spoolDir         where uploads are written while they arrive; created when missing
 * @param handlerThreads   threads that run the master's operations, off the event loops
 */
public record ApiServerConfig(String host, int port, String token, long maxArtifactBytes, Path spoolDir,
                              int handlerThreads) {

    /** JSON documents larger than this are refused with 413: none of the API's comes close. */
    public static final long MAX_JSON_BYTES = 4L << 20;

    /** @throws IllegalArgumentException naming the field that is out of range */
    public ApiServerConfig {
        Objects.requireNonNull(host, "host is null");
        Objects.requireNonNull(spoolDir, "spoolDir is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("token is blank: give a non-empty API token, or null for none");
        }
        if (maxArtifactBytes < 1) {
            throw new IllegalArgumentException("maxArtifactBytes must be at least 1, was " + maxArtifactBytes);
        }
        if (handlerThreads < 1) {
            throw new IllegalArgumentException("handlerThreads must be at least 1, was " + handlerThreads);
        }
    }

    /** Four handler threads; enough for a control plane whose operations take milliseconds. */
    public static ApiServerConfig of(String host, int port, String token, long maxArtifactBytes, Path spoolDir) {
        return new ApiServerConfig(host, port, token, maxArtifactBytes, spoolDir, 4);
    }
}
