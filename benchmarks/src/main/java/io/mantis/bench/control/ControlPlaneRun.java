package io.mantis.bench.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.executor.agent.AgentConfig;
import io.mantis.executor.agent.EmbeddedAgent;
import io.mantis.master.Master;
import io.mantis.master.MasterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The control-plane side: one embedded cluster (master with embedded ZooKeeper, two perpetual agents) started once,
 * then one job per {@link #run}. Not thread-safe: one run at a time. {@link #close()} stops the agents, which kill
 * their workers, then the master.
 */
final class ControlPlaneRun implements AutoCloseable {

    /** One submit; every time is from just before the submit request. placed: the sink worker's address known. */
    record Sample(long placedNanos, long firstOutputNanos, long allStartedNanos) {
    }

    private static final Duration RUN_DEADLINE = Duration.ofSeconds(120);
    private static final List<String> ENDED = List.of("COMPLETED", "FAILED", "KILLED", "LOST");

    private final Master master;
    private final List<EmbeddedAgent> agents = new ArrayList<>();
    private final MasterApi api;
    private String artifact;
    private long stageMemoryMB;

    private ControlPlaneRun(Master master) {
        this.master = master;
        this.api = new MasterApi(master.url());
    }

    /** Starts the cluster under {@code dir} and uploads {@code jobJar}; closes what it started when that fails. */
    static ControlPlaneRun start(Path dir, Path jobJar) throws Exception {
        ControlPlaneRun cluster = new ControlPlaneRun(Master.start(MasterConfig.defaults(dir.resolve("master"))
                .withPort(0)));
        try {
            for (int i = 1; i <= 2; i++) {
                String id = "perpetual-" + i;
                int ports = 22000 + 200 * (i - 1);
                cluster.agents.add(EmbeddedAgent.start(new AgentConfig(id, cluster.master.url().toString(),
                        "perpetual", 4, 8192, 1000, 100_000, ports, ports + 199, dir.resolve("agents").resolve(id),
                        null, "mantis-bench/" + id)));
            }
            cluster.awaitAgents();
            cluster.artifact = cluster.api.upload(jobJar);
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Submits the job, waits for its first output and for every worker to be STARTED, then kills it and waits until
     * no agent lists a worker of it, so the next run starts on an idle cluster.
     */
    Sample run(String name, Map<String, String> parameters) throws Exception {
        long deadline = System.nanoTime() + RUN_DEADLINE.toNanos();
        long t0Wall = System.currentTimeMillis();
        long t0 = System.nanoTime();
        String id = api.submit(artifact, name, parameters);
        try {
            JsonNode sink = awaitPlacedSink(id, deadline);
            long placed = System.nanoTime();
            long t1 = api.firstEvent(sink.path("host").asText(), sink.path("sinkPort").asInt(), deadline);
            // The master stamps startedAt with its wall clock at each worker's first heartbeat; it runs in this JVM,
            // so max(startedAt) - t0Wall is the time to all STARTED without polling error.
            long allStartedWall = awaitAllStarted(id, deadline);
            return new Sample(placed - t0, t1 - t0, (allStartedWall - t0Wall) * 1_000_000L);
        } finally {
            api.kill(id);
            awaitGone(id, deadline + Duration.ofSeconds(30).toNanos());
        }
    }

    /** The heap the agents give this job's workers, for a like-for-like reference. Known after the first run. */
    String workerHeapOption() {
        return "-Xmx" + Math.max(32, Math.round(stageMemoryMB * 0.7)) + "m"; // the agent's rule (WorkerProcesses)
    }

    private JsonNode awaitPlacedSink(String id, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            JsonNode job = api.job(id);
            int last = job.path("stages").size();
            stageMemoryMB = Math.round(job.path("stages").path(last - 1).path("machine").path("memoryMB").asDouble());
            for (JsonNode w : job.path("workers")) {
                if (w.path("stage").asInt() == last && !ENDED.contains(w.path("state").asText())
                        && !w.path("host").isNull() && !w.path("host").isMissingNode() && w.path("sinkPort").asInt() > 0) {
                    return w;
                }
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("job " + id + ": its sink worker was not placed in time: " + api.job(id));
    }

    private long awaitAllStarted(String id, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            JsonNode job = api.job(id);
            long latest = 0;
            boolean all = job.path("workers").size() > 0;
            for (JsonNode w : job.path("workers")) {
                if (ENDED.contains(w.path("state").asText())) {
                    continue;
                }
                all &= w.path("state").asText().equals("STARTED") && w.path("startedAt").isNumber();
                latest = Math.max(latest, w.path("startedAt").asLong());
            }
            if (all) {
                return latest;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("job " + id + ": not every worker STARTED in time: " + api.job(id));
    }

    private void awaitGone(String id, long deadline) throws Exception {
        String prefix = id + "-";
        while (System.nanoTime() < deadline) {
            boolean any = false;
            for (JsonNode agent : api.agents()) {
                for (JsonNode worker : agent.path("workers")) {
                    any |= worker.asText().startsWith(prefix);
                }
            }
            if (!any) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("job " + id + ": agents still list its workers after the kill: " + api.agents());
    }

    private void awaitAgents() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = "nothing";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode list = api.agents();
                seen = list.toString();
                int active = 0;
                for (JsonNode agent : list) {
                    active += agent.path("state").asText().equals("active") ? 1 : 0;
                }
                if (active == agents.size()) {
                    return;
                }
            } catch (IllegalStateException e) {
                seen = e.getMessage(); // e.g. 503 while the master still recovers its state
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the agents did not register within 30 s; last seen: " + seen);
    }

    @Override
    public void close() {
        for (EmbeddedAgent agent : agents) {
            agent.close();
        }
        master.close();
    }
}
