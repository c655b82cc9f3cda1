package io.mantis.master.resources;

import java.util.List;

/**
 * What the job manager knows of a worker this provider did not launch (it was launched before a master restart or
 * failover): the resources and ports it holds, so an adopting agent does not offer them again.
 */
public record KnownWorker(double cpus, double memoryMB, double networkMbps, List<Integer> ports) {

    public KnownWorker {
        ports = List.copyOf(ports);
    }
}
