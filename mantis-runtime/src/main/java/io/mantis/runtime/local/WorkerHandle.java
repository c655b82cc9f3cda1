package io.mantis.runtime.local;

/** One running worker of a {@link LocalJob}. Ports are 0 where the worker has no such endpoint. */
public interface WorkerHandle {

    int stageNumber();

    int index();

    int number();

    /** Where the next stage connects for this worker's output. */
    int dataPort();

    /** Server-Sent Events of a last-stage worker. */
    int sinkPort();

    /** {@code /metrics}, {@code /health}, {@code /upstreams}. */
    int adminPort();

    boolean isAlive();

    /** Ends the worker abruptly (a process is killed; a thread-hosted worker drops its connections). */
    void kill();
}
