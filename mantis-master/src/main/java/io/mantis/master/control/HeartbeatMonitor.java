package io.mantis.master.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each worker was last heard of. A worker gets {@code startupGrace} for its first heartbeat (JAR download and
 * JVM start), then {@code timeout} between heartbeats. Not stored: after a restart every worker gets a fresh
 * deadline. Confined to the job manager's thread.
 */
final class HeartbeatMonitor {

    private final long timeoutMillis;
    private final long startupGraceMillis;
    private final Map<String, Long> deadlines = new HashMap<>();

    HeartbeatMonitor(long timeoutMillis, long startupGraceMillis) {
        this.timeoutMillis = timeoutMillis;
        this.startupGraceMillis = startupGraceMillis;
    }

    void expectFirst(String workerId, long now) {
        deadlines.put(workerId, now + startupGraceMillis);
    }

    /** @return true when this worker was being watched */
    boolean heard(String workerId, long now) {
        return deadlines.replace(workerId, now + timeoutMillis) != null;
    }

    void forget(String workerId) {
        deadlines.remove(workerId);
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** Workers past their deadline; they are forgotten, so each is reported once. */
    List<String> overdue(long now) {
        List<String> late = new ArrayList<>();
        deadlines.entrySet().removeIf(e -> {
            if (e.getValue() < now) {
                late.add(e.getKey());
                return true;
            }
            return false;
        });
        return late;
    }
}
