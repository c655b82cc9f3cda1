package io.mantis.bench.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks every placement the master ever made, ended workers included: the pool of the agent a worker was placed on
 * must be the pool of its job's duration type.
 *
 * @param placements workers that were placed on an agent
 * @param crossPool  those whose agent is of the other pool (or unknown), as {@code workerId on agentId}
 */
record PlacementAudit(int placements, List<String> crossPool) {

    /** Audits every job the master knows, against each agent's pool as the timeline saw it and the master shows now. */
    static PlacementAudit of(ScenarioApi api, Map<String, String> seenPools) {
        Map<String, String> pools = new java.util.HashMap<>(seenPools);
        for (JsonNode a : api.get("/api/v1/agents")) {
            pools.put(a.path("agentId").asText(), a.path("pool").asText());
        }
        int placements = 0;
        List<String> wrong = new ArrayList<>();
        for (JsonNode summary : api.get("/api/v1/jobs")) {
            JsonNode job = api.get("/api/v1/jobs/" + summary.path("id").asText());
            String pool = job.path("pool").asText();
            for (JsonNode w : job.path("workers")) {
                String agent = w.path("agentId").isTextual() ? w.path("agentId").asText() : null;
                if (agent == null) {
                    continue;
                }
                placements++;
                if (!pool.equals(pools.get(agent))) {
                    wrong.add(w.path("workerId").asText() + " (" + pool + ") on " + agent + " ("
                            + pools.getOrDefault(agent, "unknown pool") + ")");
                }
            }
        }
        return new PlacementAudit(placements, List.copyOf(wrong));
    }
}
