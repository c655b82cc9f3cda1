package io.mantis.master.api;

import io.mantis.master.artifacts.JobDescription;
import io.mantis.protocol.AgentResources;
import java.util.List;
import java.util.Map;

/** The JSON documents of the REST API, in and out. Times are epoch milliseconds. Nullable fields are optional. */
public final class Views {

    private Views() {
    }

    public record Machine(double cpus, double memoryMB, double networkMbps, double diskMB) {
    }

    /** A stage of a cluster's layout: worker count, and a machine overriding the JAR's (null: the JAR's). */
    public record StageSpec(int workers, Machine machine) {
    }

    /** @param cron five-field cron expression ("*&#47;5 * * * *"), or null */
    public record Sla(int min, int max, String cron) {
    }

    /**
     * Create or update a job cluster. On update, null fields keep their value; a new {@code artifact} is added to
     * the cluster's versions and becomes current.
     *
     * @param durationType               "PERPETUAL" (default) or "TRANSIENT"
     * @param subscriptionTimeoutSeconds TRANSIENT jobs end after this long without a subscribed client (default 60);
     *                                   ignored for PERPETUAL jobs; must be more than 0
     * @param runtimeLimitSeconds        jobs end this long after submission; null for no limit; must be more than 0
     */
    public record ClusterSpec(String name, String artifact, Map<String, String> parameters, List<StageSpec> stages,
                              Sla sla, String durationType, Long subscriptionTimeoutSeconds,
                              Long runtimeLimitSeconds) {

        /** A spec that leaves the subscription timeout and runtime limit unset. */
        public ClusterSpec(String name, String artifact, Map<String, String> parameters, List<StageSpec> stages,
                           Sla sla, String durationType) {
            this(name, artifact, parameters, stages, sla, durationType, null, null);
        }
    }

    public record ClusterView(String name, String artifact, List<String> artifactVersions,
                              Map<String, String> parameters, List<StageSpec> stages, Sla sla, String durationType,
                              List<String> activeJobs, long createdAt, long updatedAt,
                              Long subscriptionTimeoutSeconds, Long runtimeLimitSeconds) {
    }

    /**
     * Submit a job: to a cluster ({@code POST /clusters/{name}/jobs}, where {@code artifact} may pick an older
     * version), or quick-submit a stored JAR ({@code POST /jobs}, {@code artifact} required; {@code name} names
     * the cluster, created on demand, default the job's own name).
     *
     * @param workers                    stage number (1-based) to worker count, overriding the layout
     * @param subscriptionTimeoutSeconds TRANSIENT only: end the job after this long without a subscribed client;
     *                                   null for the cluster's value or the default (60); must be more than 0
     * @param runtimeLimitSeconds        end the job this long after submission; null for the cluster's value or no
     *                                   limit; must be more than 0
     */
    public record SubmitRequest(String name, String artifact, Map<String, String> parameters,
                                Map<Integer, Integer> workers, String durationType, Long subscriptionTimeoutSeconds,
                                Long runtimeLimitSeconds) {

        /** A request that leaves the subscription timeout and runtime limit to the cluster. */
        public SubmitRequest(String name, String artifact, Map<String, String> parameters,
                             Map<Integer, Integer> workers, String durationType) {
            this(name, artifact, parameters, workers, durationType, null, null);
        }
    }

    public record JobFilter(String cluster, String state) {
    }

    public record StageView(int stage, String name, int workers, Machine machine) {
    }

    /** @param attempt how many times this index has been launched (1 for the first) */
    public record WorkerView(String workerId, int stage, int index, int number, String state, String agentId,
                             String host, Integer dataPort, Integer sinkPort, Integer adminPort, int attempt,
                             Long launchedAt, Long startedAt, Long endedAt, String reason) {
    }

    /**
     * @param state "ACCEPTED", "LAUNCHED", "RUNNING", "COMPLETED", "FAILED" or "KILLED"
     * @param pool                       "perpetual" or "transient"
     * @param subscribers                SSE clients connected to the job's sink workers now (0 once ended)
     * @param subscriptionTimeoutSeconds how long a TRANSIENT job may go without a subscriber; null for PERPETUAL
     * @param runtimeLimitSeconds        how long after submission the job ends; null for no limit
     * @param endsAt                     when the job will end by itself if nobody connects (TRANSIENT, no subscriber)
     *                                   or at its runtime limit, whichever is first; null when neither applies or
     *                                   once it has ended
     */
    public record JobView(String id, String cluster, String state, String durationType, String pool,
                          String artifact, Map<String, String> parameters, List<StageView> stages,
                          List<WorkerView> workers, long submittedAt, Long endedAt, String reason,
                          int subscribers, Long subscriptionTimeoutSeconds, Long runtimeLimitSeconds, Long endsAt) {
    }

    public record ScaleRequest(int stage, int workers) {
    }

    public record ResubmitRequest(String workerId) {
    }

    public record KillRequest(String reason) {
    }

    /** @param state "active" (runs workers), "idle", "draining", "released" or "lost" */
    public record AgentView(String agentId, String hostname, String pool, String state, String isolation,
                            AgentResources total, double cpusUsed, double memoryUsedMB, double networkUsedMbps,
                            List<String> workers, long lastHeartbeatAt) {
    }

    /**
     * One agent pool.
     *
     * @param rule      its autoscale rule, or null when it has none (it never scales)
     * @param agents    agents by state: active, idle, draining, released, lost
     * @param requested agents asked for that have not joined yet
     */
    public record PoolView(String pool, PoolRuleView rule, Map<String, Integer> agents, int requested) {
    }

    public record PoolRuleView(int minIdle, int maxIdle, long coolDownSeconds, int minSize, int maxSize) {
    }

    /**
     * One scale action of a pool.
     *
     * @param action   scale_up, drain or release
     * @param agentIds the agents drained or released (empty for scale_up)
     * @param count    agents asked for, drained or released
     */
    public record ScaleEventView(long time, String pool, String action, List<String> agentIds, int count,
                                 String reason) {
    }

    public record ArtifactView(String sha256, long size, String fileName, long uploadedAt, JobDescription job) {
    }

    public record StatusView(String masterId, boolean leader, String version, String zookeeper, int jobs,
                             int agents, long startedAt) {
    }
}
