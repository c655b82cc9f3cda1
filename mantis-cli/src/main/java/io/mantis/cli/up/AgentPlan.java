package io.mantis.cli.up;

import io.mantis.cli.CliException;
import io.mantis.executor.agent.AgentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded agents {@code mantis up} starts: {@code perpetual-1..n} then {@code transient-1..m}, agent
 * {@code i} (counting from 0 across both pools) taking ports {@code 31000 + 1000·i} to {@code 31999 + 1000·i},
 * its work directory {@code <dataDir>/agents/<id>} and cgroup {@code mantis/<id>}.
 *
 * @param perpetual   agents in the perpetual pool
 * @param transients  agents in the transient pool
 * @param cpus        cpus each agent offers
 * @param memoryMB    memory each agent offers
 * @param networkMbps network each agent offers
 * @param diskMB      disk each agent offers
 */
public record AgentPlan(int perpetual, int transients, double cpus, double memoryMB, double networkMbps,
                        double diskMB) {

    static final int FIRST_PORT = 31000;
    static final int PORTS_PER_AGENT = 1000;
    /** Agents whose whole range stays at or below port 65535. */
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
        if (perpetual + transients > MAX_AGENTS) {
            throw new CliException((perpetual + transients) + " agents do not fit in the port range from "
                    + FIRST_PORT + " (1000 ports each); start at most " + MAX_AGENTS);
        }
        positive("--agent-cpus", cpus);
        positive("--agent-memory", memoryMB);
        positive("--agent-network", networkMbps);
        positive("--agent-disk", diskMB);
    }

    private static void positive(String option, double value) {
        if (!(value > 0)) {
            throw new CliException(option + " " + value + ": must be more than 0");
        }
    }

    /** One config per agent, in start order. */
    public List<AgentConfig> configs(String masterUrl, Path dataDir, String token) {
        List<AgentConfig> configs = new ArrayList<>();
        for (int i = 0; i < perpetual + transients; i++) {
            String pool = i < perpetual ? "perpetual" : "transient";
            String id = pool + "-" + (i < perpetual ? i + 1 : i - perpetual + 1);
            int begin = FIRST_PORT + PORTS_PER_AGENT * i;
            configs.add(new AgentConfig(id, masterUrl, pool, cpus, memoryMB, networkMbps, diskMB, begin,
                    begin + PORTS_PER_AGENT - 1, dataDir.resolve("agents").resolve(id), token, "mantis/" + id));
        }
        return configs;
    }
}
