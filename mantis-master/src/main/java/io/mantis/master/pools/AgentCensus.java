package io.mantis.master.pools;

import io.mantis.master.resources.AgentState;
import io.mantis.master.scheduler.AgentUsage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every agent either side knows, merged: the provider says whether it is there (active or lost) and which workers
 * it runs; the scheduler adds workers placed there and not yet launched, and agents that only offered so far.
 * Immutable; built fresh for every decision.
 */
final class AgentCensus {

    /** One agent: its pool, whether its provider lost it, and whether any worker runs or is placed there. */
    record Member(String agentId, String pool, boolean lost, boolean busy) {
    }

    private final Map<String, Member> members;

    private AgentCensus(Map<String, Member> members) {
        this.members = members;
    }

    static AgentCensus of(List<AgentState> provided, List<AgentUsage> usage) {
        Map<String, Member> members = new TreeMap<>();
        for (AgentState a : provided) {
            boolean lost = AgentState.LOST.equals(a.state());
            members.put(a.agentId(), new Member(a.agentId(), a.pool(), lost, !lost && !a.workers().isEmpty()));
        }
        for (AgentUsage u : usage) {
            Member known = members.get(u.agentId());
            boolean placed = !u.workerIds().isEmpty();
            if (known == null) {
                members.put(u.agentId(), new Member(u.agentId(), u.pool(), false, placed));
            } else if (placed && !known.lost() && !known.busy()) {
                members.put(u.agentId(), new Member(known.agentId(), known.pool(), false, true));
            }
        }
        return new AgentCensus(members);
    }

    Member get(String agentId) {
        return members.get(agentId);
    }

    Iterable<Member> members() {
        return members.values();
    }
}
