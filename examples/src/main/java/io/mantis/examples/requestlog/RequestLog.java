package io.mantis.examples.requestlog;

/** One served HTTP request, as a web tier would log it. */
public record RequestLog(long timestamp, String region, String path, int status, long latencyMs, long bytes) {
}
