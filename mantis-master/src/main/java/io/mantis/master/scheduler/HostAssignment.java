package io.mantis.master.scheduler;

import java.util.List;

/**
 * The workers placed on one agent in one scheduling iteration, with every lease used for them. All of
 * {@code leaseIds} must go into one {@code ResourceProvider.launch} call, or they leak.
 */
public record HostAssignment(String agentId, String hostname, List<String> leaseIds, List<Placement> placements) {

    public HostAssignment {
        leaseIds = List.copyOf(leaseIds);
        placements = List.copyOf(placements);
    }
}
