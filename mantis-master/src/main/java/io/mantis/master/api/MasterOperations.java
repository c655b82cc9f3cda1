package io.mantis.master.api;

import io.mantis.master.api.Views.AgentView;
import io.mantis.master.api.Views.ArtifactView;
import io.mantis.master.api.Views.ClusterSpec;
import io.mantis.master.api.Views.ClusterView;
import io.mantis.master.api.Views.JobFilter;
import io.mantis.master.api.Views.JobView;
import io.mantis.master.api.Views.PoolView;
import io.mantis.master.api.Views.ScaleEventView;
import io.mantis.master.api.Views.StatusView;
import io.mantis.master.api.Views.SubmitRequest;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentHeartbeatReply;
import io.mantis.protocol.WorkerHeartbeat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything the REST API can ask of the master. Each method validates its input and throws {@link ApiException}
 * (400 naming the field, 404, 409 for an illegal transition) instead of returning partial results. Methods may
 * block briefly (a store write); the HTTP layer calls them off its event loop.
 */
public interface MasterOperations {

    List<ClusterView> listClusters();

    ClusterView getCluster(String name);

    ClusterView createCluster(ClusterSpec spec);

    ClusterView updateCluster(String name, ClusterSpec spec);

    /** 409 while the cluster has active jobs. */
    void deleteCluster(String name);

    JobView submitToCluster(String cluster, SubmitRequest request);

    JobView quickSubmit(SubmitRequest request);

    List<JobView> listJobs(JobFilter filter);

    JobView getJob(String jobId);

    /** Kills every worker and ends the job KILLED; 409 when it has already ended. */
    JobView killJob(String jobId, String reason);

    JobView scaleStage(String jobId, int stage, int workers);

    JobView resubmitWorker(String jobId, String workerId);

    /**
     * Stores an uploaded JAR (already spooled to {@code file}, which the call may move). 400 with the reason when it is
     * not a JAR or declares no job.
     */
    ArtifactView uploadArtifact(Path file, String fileName);

    List<ArtifactView> listArtifacts();

    /** The stored JAR, for download by agents and users. */
    Optional<Path> artifactFile(String sha256);

    List<AgentView> listAgents();

    /** Every agent pool with its autoscale rule and its agents by state. */
    List<PoolView> listPools();

    /** The latest scale actions of all pools, oldest first (a bounded list). */
    List<ScaleEventView> listPoolEvents();

    AgentHeartbeatReply agentHeartbeat(AgentHeartbeat heartbeat);

    /** 404 when the worker is unknown or has ended: the worker then stops itself. */
    void workerHeartbeat(WorkerHeartbeat heartbeat);

    StatusView status();

    /** The master's metrics in Prometheus text format. */
    String scrapeMetrics();
}
