package io.mantis.executor.agent;

import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerId;
import io.mantis.runtime.worker.Assignment;
import java.net.URI;
import java.net.URISyntaxException;

/** Checks a {@link LaunchRequest} before the agent accepts it, so a bad one is a 400 and not a failed worker. */
public final class LaunchRequests {

    private LaunchRequests() {
    }

    /** @throws IllegalArgumentException naming the first field that is wrong, and how */
    public static void validate(LaunchRequest r) {
        if (r.workerId() == null) {
            throw new IllegalArgumentException("workerId is missing");
        }
        WorkerId.parse(r.workerId());
        if (r.artifactSha256() == null || !r.artifactSha256().matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("artifactSha256 '" + r.artifactSha256()
                    + "' must be the JAR's SHA-256 in 64 hex digits");
        }
        httpUrl("artifactUrl", r.artifactUrl());
        httpUrl("heartbeatUrl", r.heartbeatUrl());
        if (r.assignmentJson() == null) {
            throw new IllegalArgumentException("assignmentJson is missing");
        }
        try {
            Assignment.fromJson(r.assignmentJson());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("assignmentJson: " + e.getMessage(), e);
        }
        if (!(r.cpus() > 0)) {
            throw new IllegalArgumentException("cpus must be greater than 0, got " + r.cpus());
        }
        if (!(r.memoryMB() >= 32)) {
            throw new IllegalArgumentException("memoryMB must be at least 32, got " + r.memoryMB());
        }
        if (r.heartbeatMillis() <= 0) {
            throw new IllegalArgumentException("heartbeatMillis must be greater than 0, got " + r.heartbeatMillis());
        }
    }

    private static void httpUrl(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(field + " '" + value + "' is not an http(s) URL with a host");
    }
}
