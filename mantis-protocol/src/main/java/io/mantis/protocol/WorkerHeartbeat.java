package io.mantis.protocol;

/**
 * Posted by a running worker to its heartbeat URL ({@code POST /api/v1/workers/{workerId}/heartbeat}). The first one
 * marks the worker STARTED; a worker whose heartbeats stop past the master's timeout is replaced.
 *
 * @param subscribers SSE clients connected to this worker's sink right now; 0 for a worker without a sink. Null from
 *                    a worker that predates the field: the master then counts it as 0.
 */
public record WorkerHeartbeat(String workerId, String host, int dataPort, int sinkPort, int adminPort,
                              Integer subscribers) {

    /** A heartbeat that does not report subscribers. */
    public WorkerHeartbeat(String workerId, String host, int dataPort, int sinkPort, int adminPort) {
        this(workerId, host, dataPort, sinkPort, adminPort, null);
    }
}
