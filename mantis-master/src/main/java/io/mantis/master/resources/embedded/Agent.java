package io.mantis.master.resources.embedded;

import io.mantis.master.resources.AgentState;
import io.mantis.master.resources.Lease;
import io.mantis.master.resources.Lease.PortRange;
import io.mantis.master.resources.WorkerStatus;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One registration of an embedded agent: its capacity, the workers launched there and the leases outstanding on it.
 * An agent that comes back after being lost gets a new {@code Agent}. Not thread-safe: {@link EmbeddedAgents} calls
 * every method, and reads every field, under its lock.
 */
final class Agent {

    /** Below this a resource counts as used up; keeps floating-point dust out of leases. */
    private static final double EPSILON = 1e-6;

    final String agentId;
    final String pool;
    final AgentResources total;
    String hostname;
    String agentUrl;
    String isolation;
    boolean lost;
    /** Its pool released it: it gets no lease or launch, and is dropped, not lost, once it falls silent. */
    boolean released;
    /** A heartbeat with another pool or other resources was already logged. */
    boolean changeWarned;
    long lastHeartbeatMillis;
    /** Workers launched here (or adopted) and not yet ended, by id, in launch order. */
    final Map<String, LiveWorker> workers = new LinkedHashMap<>();
    /** Leases offered and neither consumed, declined nor rescinded, by id. */
    final Map<String, Lease> leases = new LinkedHashMap<>();
    /** The last status passed to the listener for each worker the agent reports. */
    final Map<String, ReportTrack> reports = new HashMap<>();

    Agent(AgentHeartbeat hb, long now) {
        this.agentId = hb.agentId();
        this.pool = hb.pool();
        this.total = hb.resources();
        refresh(hb, now);
    }

    void refresh(AgentHeartbeat hb, long now) {
        hostname = hb.hostname() == null || hb.hostname().isBlank()
                ? HeartbeatValidator.hostOf(hb.agentUrl()) : hb.hostname();
        agentUrl = hb.agentUrl();
        isolation = hb.isolation() == null ? "unknown" : hb.isolation();
        lastHeartbeatMillis = now;
    }

    /**
     * Offers what neither live workers nor outstanding leases hold, as one new lease, if any cpu and memory is left.
     *
     * @return the lease, already counted as outstanding; null when nothing is free
     */
    Lease offerFree(Supplier<String> leaseIds, long now) {
        double cpus = total.cpus();
        double memory = total.memoryMB();
        double network = total.networkMbps();
        double disk = total.diskMB();
        List<Integer> usedPorts = new ArrayList<>();
        List<PortRange> usedRanges = new ArrayList<>();
        for (LiveWorker w : workers.values()) {
            cpus -= w.cpus;
            memory -= w.memoryMB;
            network -= w.networkMbps;
            usedPorts.addAll(w.ports);
        }
        for (Lease l : leases.values()) {
            cpus -= l.cpus();
            memory -= l.memoryMB();
            network -= l.networkMbps();
            disk -= l.diskMB();
            usedRanges.addAll(l.ports());
        }
        if (cpus < EPSILON || memory < EPSILON) {
            return null;
        }
        List<PortRange> ports = PortRanges.free(total.portsBegin(), total.portsEnd(), usedPorts, usedRanges);
        Lease lease = new Lease(leaseIds.get(), agentId, hostname, cpus, memory, Math.max(network, 0),
                Math.max(disk, 0), ports, Map.of("pool", pool), now);
        leases.put(lease.leaseId(), lease);
        return lease;
    }

    AgentState view() {
        double cpus = 0;
        double memory = 0;
        double network = 0;
        for (LiveWorker w : workers.values()) {
            cpus += w.cpus;
            memory += w.memoryMB;
            network += w.networkMbps;
        }
        return new AgentState(agentId, hostname, pool, lost ? AgentState.LOST : AgentState.ACTIVE, isolation, total,
                cpus, memory, network, new ArrayList<>(workers.keySet()), lastHeartbeatMillis);
    }

    /** A worker that holds resources on this agent until it ends. */
    static final class LiveWorker {
        final String workerId;
        final double cpus;
        final double memoryMB;
        final double networkMbps;
        final List<Integer> ports;
        /** The agent answered the launch with 2xx (or reported the worker): from now on it must report it. */
        boolean accepted;
        /** Heartbeats in a row since acceptance that left this worker out. */
        int missing;

        LiveWorker(String workerId, double cpus, double memoryMB, double networkMbps, List<Integer> ports) {
            this.workerId = workerId;
            this.cpus = cpus;
            this.memoryMB = memoryMB;
            this.networkMbps = networkMbps;
            this.ports = List.copyOf(ports);
        }
    }

    /**
     * Delivery of one worker's reports: {@code sent} is the last status handed to the listener and not failed;
     * {@code stored} turns true when the listener's stage for it completed normally.
     */
    static final class ReportTrack {
        WorkerStatus sent;
        boolean stored;
    }
}
