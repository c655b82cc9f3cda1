package io.mantis.bench.scheduling;

import io.mantis.master.resources.Lease;
import io.mantis.master.scheduler.WorkerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One benchmark case: identical agents offering one lease each, and identical workers, all in pool perpetual.
 * Both systems get these same values.
 */
record SchedulingInput(int workers, int agents, double agentCpus, double agentMemoryMB, double workerCpus,
                       double workerMemoryMB, int workerPorts) {

    static final String POOL = "perpetual";
    static final double AGENT_NETWORK_MBPS = 1000;
    static final double WORKER_NETWORK_MBPS = 10;
    static final Lease.PortRange AGENT_PORTS = new Lease.PortRange(31000, 32000);

    /** {@code workers} workers of 1 cpu, 1 GB and 3 ports over {@code agents} agents of 8 cpus and 32 GB. */
    static SchedulingInput of(int workers, int agents) {
        return new SchedulingInput(workers, agents, 8, 32 * 1024, 1, 1024, 3);
    }

    /** Fresh leases (ids unique per run, so a scheduler never sees one twice). */
    List<Lease> leases(String runTag, long offeredAtMillis) {
        List<Lease> leases = new ArrayList<>(agents);
        for (int a = 0; a < agents; a++) {
            leases.add(new Lease(runTag + "-lease-" + a, "agent-" + a + "-id", hostname(a), agentCpus, agentMemoryMB,
                    AGENT_NETWORK_MBPS, 100_000, List.of(AGENT_PORTS), Map.of("pool", POOL), offeredAtMillis));
        }
        return leases;
    }

    List<WorkerRequest> requests(String runTag) {
        List<WorkerRequest> requests = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            requests.add(new WorkerRequest(runTag + "-worker-" + w, POOL, workerCpus, workerMemoryMB,
                    WORKER_NETWORK_MBPS, 0, workerPorts, 0));
        }
        return requests;
    }

    /** How many workers fit: agents × the workers one agent holds, capped by the workers there are. */
    int placeable() {
        double perAgent = Math.min(Math.min(agentCpus / workerCpus, agentMemoryMB / workerMemoryMB),
                Math.min(AGENT_NETWORK_MBPS / WORKER_NETWORK_MBPS,
                        (AGENT_PORTS.end() - AGENT_PORTS.begin() + 1) / (double) workerPorts));
        return (int) Math.min(workers, (long) agents * (long) Math.floor(perAgent));
    }

    static String hostname(int agent) {
        return String.format("agent-%05d", agent);
    }

    String label() {
        return workers + " workers / " + agents + " agents";
    }
}
