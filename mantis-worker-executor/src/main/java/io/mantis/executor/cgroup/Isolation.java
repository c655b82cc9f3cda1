package io.mantis.executor.cgroup;

import java.io.IOException;

/**
 * How an agent limits its workers: cgroup v1, cgroup v2, or not at all. Pick one with {@link Cgroups#detect}.
 * Implementations are thread-safe: workers are created and removed concurrently.
 */
public interface Isolation {

    /** For heartbeats and logs, e.g. "cgroup v1 (cpu, memory)" or "none: ...". */
    String description();

    /**
     * Creates the cgroup of one worker, named {@code name} under the agent's parent cgroup, limited to
     * {@code cpus} (a CFS quota) and {@code memoryMB} (a hard memory limit, swap included).
     *
     * @throws IOException naming the file that could not be created or written; nothing is left behind then
     */
    WorkerCgroup create(String name, double cpus, double memoryMB) throws IOException;

    /** Removes the agent's parent cgroup when no worker cgroup is left in it. Best effort; never throws. */
    void close();
}
