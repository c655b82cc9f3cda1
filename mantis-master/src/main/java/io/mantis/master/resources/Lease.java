package io.mantis.master.resources;

import java.util.List;
import java.util.Map;

/**
 * Free resources of one agent, offered for placement: a Mesos offer, or an embedded agent's unused capacity.
 *
 * @param ports      free port ranges, each {@code [begin, end]} inclusive
 * @param attributes text attributes; {@code pool} is {@code perpetual} or {@code transient}
 */
public record Lease(String leaseId, String agentId, String hostname, double cpus, double memoryMB,
                    double networkMbps, double diskMB, List<PortRange> ports, Map<String, String> attributes,
                    long offeredAtMillis) {

    public Lease {
        ports = List.copyOf(ports);
        attributes = Map.copyOf(attributes);
    }

    public record PortRange(int begin, int end) {
    }
}
