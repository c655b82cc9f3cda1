package io.mantis.cli.mesos;

import java.util.Objects;

/**
 * What one fake Mesos agent offers: its id, scalar resources, a port range and its {@code pool} attribute (TEXT, as
 * a Mesos agent started with {@code --attributes=pool:<pool>} reports it). Every fake agent runs on 127.0.0.1, so
 * agents of one fake master must have port ranges that do not overlap.
 */
public record AgentSpec(String id, double cpus, double memMb, double network, long portsBegin, long portsEnd,
                        String pool) {

    public AgentSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(pool, "pool is null");
        if (id.isBlank() || !id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("agent id '" + id + "' must be letters, digits, '.', '_' or '-'");
        }
        if (cpus <= 0 || memMb <= 0 || network < 0) {
            throw new IllegalArgumentException("agent " + id + ": cpus (" + cpus + ") and memMb (" + memMb
                    + ") must be positive and network (" + network + ") not negative");
        }
        if (portsBegin < 1 || portsEnd > 65535 || portsBegin > portsEnd) {
            throw new IllegalArgumentException("agent " + id + ": ports [" + portsBegin + "-" + portsEnd
                    + "] must be a range within 1-65535");
        }
    }

    /**
     * An agent with 4 cpus, 8 GB, 1000 Mbps and 200 ports starting at {@code 31000 + 200 * slot}, so agents with
     * distinct slots never hand out the same port.
     */
    public static AgentSpec of(String id, String pool, int slot) {
        long begin = 31000L + 200L * slot;
        return new AgentSpec(id, 4, 8192, 1000, begin, begin + 199, pool);
    }
}
