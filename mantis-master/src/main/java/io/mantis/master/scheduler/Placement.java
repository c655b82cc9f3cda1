package io.mantis.master.scheduler;

import java.util.List;

/** Where the scheduler put a worker: the agent and the ports it reserved there. */
public record Placement(String workerId, String agentId, String hostname, List<Integer> ports) {

    public Placement {
        ports = List.copyOf(ports);
    }
}
