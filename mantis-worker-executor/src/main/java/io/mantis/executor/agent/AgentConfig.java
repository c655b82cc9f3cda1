package io.mantis.executor.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run an embedded agent. Checked on construction: a bad value is an {@link IllegalArgumentException}
 * naming the field.
 *
 * @param masterUrl    e.g. {@code http://127.0.0.1:8100}
 * @param workDir      JAR cache, worker directories and logs
 * @param portsBegin   first port workers may use (inclusive); agents on one host need disjoint ranges
 * @param portsEnd     last port (inclusive)
 * @param apiToken     sent to the master and required from it; null when the master has none
 * @param cgroupParent cgroup name workers' cgroups are created under, e.g. {@code mantis/agent-1}
 */
public record AgentConfig(String agentId, String masterUrl, String pool, double cpus, double memoryMB,
                          double networkMbps, double diskMB, int portsBegin, int portsEnd, Path workDir,
                          String apiToken, String cgroupParent) {

    public AgentConfig {
        if (agentId == null || agentId.isBlank()) {
            throw new IllegalArgumentException("agentId is missing");
        }
        Objects.requireNonNull(masterUrl, "masterUrl is null");
        try {
            URI uri = new URI(masterUrl);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(masterUrl, "expected http://host:port");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("masterUrl '" + masterUrl + "' is not an http URL such as "
                    + "http://127.0.0.1:8100", e);
        }
        if (pool == null || pool.isBlank()) {
            throw new IllegalArgumentException("pool is missing (e.g. perpetual or transient)");
        }
        positive("cpus", cpus);
        positive("memoryMB", memoryMB);
        positive("networkMbps", networkMbps);
        positive("diskMB", diskMB);
        if (portsBegin < 1 || portsEnd > 65535 || portsBegin > portsEnd) {
            throw new IllegalArgumentException("ports " + portsBegin + "-" + portsEnd
                    + " are not a range within 1-65535 with begin <= end");
        }
        Objects.requireNonNull(workDir, "workDir is null");
        if (apiToken != null && apiToken.isEmpty()) {
            apiToken = null;
        }
        if (cgroupParent == null || cgroupParent.isBlank() || cgroupParent.startsWith("/")
                || Path.of(cgroupParent).normalize().startsWith("..") || cgroupParent.contains("/../")) {
            throw new IllegalArgumentException("cgroupParent '" + cgroupParent
                    + "' must be a relative cgroup path without '..', e.g. mantis/agent-1");
        }
    }

    private static void positive(String field, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(field + " must be greater than 0, got " + value);
        }
    }
}
