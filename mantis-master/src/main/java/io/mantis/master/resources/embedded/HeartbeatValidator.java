package io.mantis.master.resources.embedded;

import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentResources;
import io.mantis.protocol.WorkerReport;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/** Rejects heartbeats the provider cannot account for, with a message that names the field and the fix. */
final class HeartbeatValidator {

    static final Set<String> POOLS = Set.of("perpetual", "transient");

    private HeartbeatValidator() {
    }

    /** @throws IllegalArgumentException naming the first field that is missing or wrong */
    static void validate(AgentHeartbeat hb) {
        if (hb == null) {
            throw new IllegalArgumentException("heartbeat is missing: send an AgentHeartbeat as JSON");
        }
        if (hb.agentId() == null || hb.agentId().isBlank()) {
            throw new IllegalArgumentException("heartbeat field 'agentId' is missing: set it to the agent's stable id");
        }
        String from = " (agent " + hb.agentId() + ")";
        if (hb.pool() == null) {
            throw new IllegalArgumentException("heartbeat field 'pool' is missing" + from
                    + ": set it to perpetual or transient");
        }
        if (!POOLS.contains(hb.pool())) {
            throw new IllegalArgumentException("heartbeat field 'pool' is '" + hb.pool() + "'" + from
                    + ": use perpetual or transient");
        }
        validateResources(hb.resources(), from);
        validateUrl(hb.agentUrl(), from);
        for (WorkerReport report : hb.workers()) {
            if (report == null || report.workerId() == null || report.workerId().isBlank()) {
                throw new IllegalArgumentException("heartbeat field 'workers' has a report without 'workerId'" + from);
            }
            if (report.status() == null) {
                throw new IllegalArgumentException("heartbeat field 'workers' reports worker " + report.workerId()
                        + " without 'status'" + from + ": use STARTING, RUNNING or EXITED");
            }
        }
    }

    private static void validateResources(AgentResources r, String from) {
        if (r == null) {
            throw new IllegalArgumentException("heartbeat field 'resources' is missing" + from
                    + ": give cpus, memoryMB, networkMbps, diskMB, portsBegin and portsEnd");
        }
        if (!(r.cpus() > 0) || !(r.memoryMB() > 0)) {
            throw new IllegalArgumentException("heartbeat field 'resources' has cpus " + r.cpus() + " and memoryMB "
                    + r.memoryMB() + from + ": both must be greater than 0");
        }
        if (r.networkMbps() < 0 || r.diskMB() < 0) {
            throw new IllegalArgumentException("heartbeat field 'resources' has networkMbps " + r.networkMbps()
                    + " and diskMB " + r.diskMB() + from + ": neither may be negative");
        }
        if (r.portsBegin() < 1 || r.portsEnd() > 65535 || r.portsBegin() > r.portsEnd()) {
            throw new IllegalArgumentException("heartbeat field 'resources' has ports " + r.portsBegin() + "-"
                    + r.portsEnd() + from + ": give a range within 1-65535 with portsBegin <= portsEnd");
        }
    }

    private static void validateUrl(String url, String from) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("heartbeat field 'agentUrl' is missing" + from
                    + ": set it to the agent's own HTTP address, e.g. http://127.0.0.1:7101");
        }
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("heartbeat field 'agentUrl' is '" + url + "'" + from
                    + ": use an http URL with host and port, e.g. http://127.0.0.1:7101", e);
        }
    }

    /** The host of a validated agent URL: the agent's hostname when it sent none. */
    static String hostOf(String agentUrl) {
        return URI.create(agentUrl).getHost();
    }
}
