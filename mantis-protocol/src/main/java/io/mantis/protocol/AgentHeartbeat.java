package io.mantis.protocol;

import java.util.List;

/**
 * Sent by an embedded agent to {@code POST /api/v1/agents/heartbeat} every second, and at once when a worker exits.
 * The first heartbeat registers the agent; an agent silent past the master's timeout is lost, and so are its
 * workers.
 *
 * @param agentId   stable id of the agent, unique in the cluster
 * @param agentUrl  where the master sends {@link LaunchRequest} and {@link KillRequest}, e.g. {@code http://127.0.0.1:7101}
 * @param isolation how workers are isolated, e.g. "cgroup v1 (cpu, memory)" or "none: /sys/fs/cgroup not writable"
 * @param workers   every worker the agent knows about, running or exited and not yet forgotten
 */
public record AgentHeartbeat(String agentId, String hostname, String pool, AgentResources resources,
                             String agentUrl, String isolation, List<WorkerReport> workers) {

    public AgentHeartbeat {
        workers = workers == null ? List.of() : List.copyOf(workers);
    }
}
