package io.mantis.runtime.local;

import io.mantis.runtime.worker.Assignment;

/** Starts one worker from its assignment: as threads of this JVM, or as a child process. */
interface WorkerLauncher extends AutoCloseable {

    /** Starts the worker and returns once it listens on its ports. */
    RunningWorker launch(Assignment assignment) throws Exception;

    /** Releases what the launcher shares between its workers. */
    @Override
    void close();
}
