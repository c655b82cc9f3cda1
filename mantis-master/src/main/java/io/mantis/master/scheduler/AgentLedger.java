package io.mantis.master.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduler's own account of every agent: the leases Fenzo holds for it (its free resources, as offered) and
 * the workers placed on it (its used resources). Kept by hand because Fenzo's state can only be read from inside a
 * scheduling iteration. An agent with neither leases nor workers is forgotten.
 *
 * <p>Not thread-safe: only the scheduler's thread touches it; others read the {@link #snapshot()} it publishes.
 */
final class AgentLedger {

    private final Map<String, Agent> byHost = new TreeMap<>();
    private final Map<String, String> hostByLease = new HashMap<>();
    private final Map<String, String> hostByAgentId = new HashMap<>();

    boolean holds(String leaseId) {
        return hostByLease.containsKey(leaseId);
    }

    void leaseHeld(FenzoLease lease) {
        Agent agent = agent(lease.hostname());
        agent.agentId = lease.agentId();
        if (lease.pool() != null) {
            agent.pool = lease.pool();
        }
        agent.leases.put(lease.getId(), lease);
        hostByLease.put(lease.getId(), lease.hostname());
        hostByAgentId.put(lease.agentId(), lease.hostname());
    }

    /** A lease used, declined or rescinded: no longer free resources. Unknown ids are ignored. */
    void leaseGone(String leaseId) {
        String host = hostByLease.remove(leaseId);
        if (host != null) {
            Agent agent = byHost.get(host);
            agent.leases.remove(leaseId);
            forgetIfEmpty(agent);
        }
    }

    /** The hostname of an agent given by hostname or agent id, or null when neither is known. */
    String hostOf(String hostnameOrAgentId) {
        if (byHost.containsKey(hostnameOrAgentId)) {
            return hostnameOrAgentId;
        }
        return hostByAgentId.get(hostnameOrAgentId);
    }

    List<String> leaseIdsOn(String hostname) {
        Agent agent = byHost.get(hostname);
        return agent == null ? List.of() : new ArrayList<>(agent.leases.keySet());
    }

    void placed(WorkerTask worker) {
        Agent agent = agent(worker.hostname());
        if (worker.agentId() != null) {
            agent.agentId = worker.agentId();
            hostByAgentId.put(worker.agentId(), worker.hostname());
        }
        if (agent.pool == null) {
            agent.pool = worker.pool();
        }
        agent.workers.put(worker.getId(), worker);
    }

    void removed(WorkerTask worker) {
        Agent agent = byHost.get(worker.hostname());
        if (agent != null) {
            agent.workers.remove(worker.getId());
            forgetIfEmpty(agent);
        }
    }

    /** The agent id known for a host, or null. */
    String agentIdOf(String hostname) {
        Agent agent = byHost.get(hostname);
        return agent == null ? null : agent.agentId;
    }

    /** Every agent's usage, ordered by hostname, with the number of leases held for it. */
    List<AgentState> snapshot() {
        List<AgentState> states = new ArrayList<>(byHost.size());
        for (Agent a : byHost.values()) {
            double cpusUsed = 0;
            double memUsed = 0;
            double netUsed = 0;
            for (WorkerTask w : a.workers.values()) {
                cpusUsed += w.getCPUs();
                memUsed += w.getMemory();
                netUsed += w.getNetworkMbps();
            }
            double cpusFree = 0;
            double memFree = 0;
            double netFree = 0;
            for (FenzoLease l : a.leases.values()) {
                cpusFree += l.cpuCores();
                memFree += l.memoryMB();
                netFree += l.networkMbps();
            }
            String agentId = a.agentId == null ? a.hostname : a.agentId;
            states.add(new AgentState(new AgentUsage(agentId, a.hostname, a.pool == null ? "" : a.pool, cpusUsed,
                    cpusFree, memUsed, memFree, netUsed, netFree, new ArrayList<>(a.workers.keySet())),
                    a.leases.size()));
        }
        return states;
    }

    private Agent agent(String hostname) {
        return byHost.computeIfAbsent(hostname, Agent::new);
    }

    private void forgetIfEmpty(Agent agent) {
        if (agent.leases.isEmpty() && agent.workers.isEmpty()) {
            byHost.remove(agent.hostname);
            if (agent.agentId != null) {
                hostByAgentId.remove(agent.agentId, agent.hostname);
            }
        }
    }

    /** One agent's usage and how many leases Fenzo holds for it. */
    record AgentState(AgentUsage usage, int leases) {
    }

    private static final class Agent {
        final String hostname;
        String agentId;
        String pool;
        final Map<String, FenzoLease> leases = new LinkedHashMap<>();
        final Map<String, WorkerTask> workers = new LinkedHashMap<>();

        Agent(String hostname) {
            this.hostname = hostname;
        }
    }
}
