package io.mantis.examples.requestlog;

/**
 * A request log line with what live queries filter on: the service that served it, its status class and
 * whether it was slow.
 */
public record EnrichedRequest(long timestamp, String region, String path, int status, long latencyMs, long bytes,
                              String service, String statusClass, boolean slow) {

    /** Requests slower than this count as slow. */
    public static final long SLOW_MS = 500;

    static EnrichedRequest of(RequestLog r) {
        int slash = r.path().indexOf('/', 1);
        String service = slash < 0 ? r.path().substring(1) : r.path().substring(1, slash);
        return new EnrichedRequest(r.timestamp(), r.region(), r.path(), r.status(), r.latencyMs(), r.bytes(),
                service, (r.status() / 100) + "xx", r.latencyMs() > SLOW_MS);
    }
}
