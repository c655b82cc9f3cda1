package io.mantis.protocol;

/**
 * Posted by a running worker to its heartbeat URL ({@code POST /api/v1/workers/{workerId}/heartbeat}). The first one
 * marks the worker STARTED; a worker whose heartbeats stop past the master's timeout is replaced.
 */
public record WorkerHeartbeat(String workerId, String host, int dataPort, int sinkPort, int adminPort) {
}
