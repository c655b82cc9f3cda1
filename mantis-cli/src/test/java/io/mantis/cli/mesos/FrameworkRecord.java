package io.mantis.cli.mesos;

import java.util.HashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/** A framework as the fake master knows it. Confined to the master's loop thread. */
final class FrameworkRecord {

    final String id;
    FrameworkInfo info;
    String streamId;
    EventStream stream;
    boolean suppressed;
    /** When it disconnected (nanoTime), while disconnected; its failover timeout runs from then. */
    long disconnectedAt;
    /** Per agent id: offers of that agent are withheld until this nanoTime (DECLINE/ACCEPT filters). */
    final Map<String, Long> refusedUntil = new HashMap<>();

    FrameworkRecord(String id, FrameworkInfo info) {
        this.id = id;
        this.info = info;
    }

    boolean connected() {
        return stream != null;
    }

    boolean partitionAware() {
        return info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    String role() {
        if (info.getRolesCount() > 0) {
            return info.getRoles(0);
        }
        return info.hasRole() ? info.getRole() : "*";
    }
}
