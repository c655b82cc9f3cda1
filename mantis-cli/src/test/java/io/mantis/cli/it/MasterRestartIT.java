package io.mantis.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master restarted on its data directory finds its jobs and clusters and re-adopts the running workers. */
class MasterRestartIT {

    @TempDir
    Path dir;
    EmbeddedCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void restartedMasterKeepsJobsAndClustersAndReadoptsRunningWorkers() throws Exception {
        cluster = EmbeddedCluster.start(dir, 1, 0, 4, 8192, null);
        Api api = cluster.api();
        String sha = Jobs.upload(api, "sine-wave");
        String id = Jobs.submit(api, sha, "wave-restart", Map.of("ticksPerSecond", "100")).path("id").asText();
        JsonNode before = Jobs.awaitRunning(api, id);
        Map<String, Long> pids = new HashMap<>();
        for (JsonNode w : Jobs.live(before)) {
            String workerId = w.path("workerId").asText();
            pids.put(workerId, Jobs.process(workerId).orElseThrow().pid());
        }

        cluster.stopMaster();
        cluster.startMaster();
        Api after = cluster.api();

        JsonNode job = Jobs.awaitRunning(after, id);
        // The agent reports its running workers to the new master, which adopts them rather than killing them.
        Eventually.await("the new master's agent listing the running workers", Duration.ofSeconds(30), () -> {
            for (JsonNode agent : after.get("/api/v1/agents").body()) {
                List<String> listed = new java.util.ArrayList<>();
                agent.path("workers").forEach(w -> listed.add(w.asText()));
                if (listed.containsAll(pids.keySet()) && agent.path("cpusUsed").asDouble() >= pids.size()) {
                    return Optional.of(true);
                }
            }
            return Optional.empty();
        });
        List<String> ids = Jobs.live(job).stream().map(w -> w.path("workerId").asText()).sorted().toList();
        assertEquals(pids.keySet().stream().sorted().toList(), ids, "the same workers, not replacements");
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            assertEquals(e.getValue(), Jobs.process(e.getKey()).orElseThrow().pid(), e.getKey() + " kept its process");
            assertEquals(1, Jobs.processCount(e.getKey()), e.getKey() + " runs once");
        }
        assertEquals(200, after.get("/api/v1/clusters/wave-restart").status(), "the cluster is still there");
        try (SinkReader sink = Jobs.tail(job)) {
            sink.next(Duration.ofSeconds(20));
        }
        assertEquals(pids.size(), Jobs.job(after, id).path("workers").size(), "no worker was replaced");
    }
}
