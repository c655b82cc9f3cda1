package io.mantis.cli.up;

import io.mantis.cli.CliException;
import io.mantis.executor.agent.AgentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded agents {@code mantis up} starts: {@code perpetual-1..n} then {@code transient-1..m}, the agent in
 * slot {@code i} (counting from 0 across both pools) taking ports {@code firstPort + 100·i} to
 * {@code firstPort + 99 + 100·i}, its work directory {@code <dataDir>/agents/<id>} and cgroup {@code mantis/<id>}.
 * Agents a pool's autoscaling adds later take the next free slots, with the same resources.
 *
 * @param perpetual   agents in the perpetual pool at start
 * @param transients  agents in the transient pool at start
 * @param cpus        cpus each agent offers
 * @param memoryMB    memory each agent offers
 * @param networkMbps network each agent offers
 * @param diskMB      disk each agent offers
 * @param firstPort   first port of slot 0 (31000 for {@code mantis up})
 */
public record AgentPlan(int perpetual, int transients, double cpus, double memoryMB, double networkMbps,
                        double diskMB, int firstPort) {

    static final int FIRST_PORT = 31000;
    // 100 ports per agent keeps the first 17 agents from 31000 below Linux's ephemeral range (32768 and up), where an
    // outgoing connection could hold a worker's port.
    static final int PORTS_PER_AGENT = 100;
    /** Agents whose whole range stays at or below port 65535, from {@link #FIRST_PORT}. */
    static final int MAX_AGENTS = (65536 - FIRST_PORT) / PORTS_PER_AGENT;

    /** @throws CliException naming the option when a count or resource is out of range */
    public AgentPlan {
        if (perpetual < 0 || transients < 0) {
            throw new CliException("--perpetual-agents and --transient-agents must be 0 or more (got "
                    + perpetual + " and " + transients + ")");
        }
        if (perpetual + transients == 0) {
            throw new CliException("no agents: jobs need somewhere to run; give --perpetual-agents or "
                    + "--transient-agents of 1 or more");
        }
        if (firstPort < 1024 || firstPort + PORTS_PER_AGENT - 1 > 65535) {
            throw new CliException("first agent port " + firstPort + " leaves no room for " + PORTS_PER_AGENT + " ports below 65536");
        }
        int max = (65536 - firstPort) / PORTS_PER_AGENT;
        if (perpetual + transients > max) {
            throw new CliException((perpetual + transients) + " agents do not fit in the port range from "
                    + firstPort + " (" + PORTS_PER_AGENT + " ports each); start at most " + max);
        }
        positive("--agent-cpus", cpus);
        positive("--agent-memory", memoryMB);
        positive("--agent-network", networkMbps);
        positive("--agent-disk", diskMB);
    }

    /** A plan whose agents' ports start at 31000. */
    public AgentPlan(int perpetual, int transients, double cpus, double memoryMB, double networkMbps,
                     double diskMB) {
        this(perpetual, transients, cpus, memoryMB, networkMbps, diskMB, FIRST_PORT);
    }

    private static void positive(String option, double value) {
        if (!(value > 0)) {
            throw new CliException(option + " " + value + ": must be more than 0");
        }
    }

    /** How many agents, started now or later, fit in the port space: the number of slots. */
    public int maxAgents() {
        return (65536 - firstPort) / PORTS_PER_AGENT;
    }

    /** One config per agent started with the cluster, in start order (slots 0, 1, ...). */
    public List<AgentConfig> configs(String masterUrl, Path dataDir, String token) {
        List<AgentConfig> configs = new ArrayList<>();
        for (int i = 0; i < perpetual + transients; i++) {
            String pool = i < perpetual ? "perpetual" : "transient";
            String id = pool + "-" + (i < perpetual ? i + 1 : i - perpetual + 1);
            configs.add(config(id, pool, i, masterUrl, dataDir, token));
        }
        return configs;
    }

    /**
     * The config of agent {@code id} of {@code pool} in port slot {@code slot}, with this plan's resources.
     *
     * @throws IllegalArgumentException when the slot is outside {@code 0 .. maxAgents() - 1}
     */
    public AgentConfig config(String id, String pool, int slot, String masterUrl, Path dataDir, String token) {
        if (slot < 0 || slot >= maxAgents()) {
            throw new IllegalArgumentException("slot " + slot + " is outside 0.." + (maxAgents() - 1));
        }
        int begin = firstPort + PORTS_PER_AGENT * slot;
        return new AgentConfig(id, masterUrl, pool, cpus, memoryMB, networkMbps, diskMB, begin,
                begin + PORTS_PER_AGENT - 1, dataDir.resolve("agents").resolve(id), token, "mantis/" + id);
    }
}
