package io.mantis.master.control;

import io.mantis.master.api.ApiException;
import io.mantis.master.api.MasterOperations;
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
import io.mantis.master.artifacts.ArtifactInfo;
import io.mantis.master.artifacts.ArtifactStore;
import io.mantis.master.artifacts.InvalidArtifactException;
import io.mantis.master.metrics.MasterMetrics;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentHeartbeatReply;
import io.mantis.protocol.WorkerHeartbeat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The REST API's view of the master. Artifacts are served by any master; everything about jobs, clusters and
 * agents needs the leader's control plane, and a standby answers 503 naming the leader.
 */
public final class MasterService implements MasterOperations {

    private final ArtifactStore artifacts;
    private final MasterMetrics metrics;
    private final Supplier<StatusView> status;
    private final Path executorJar;
    private volatile ControlPlane plane;

    public MasterService(ArtifactStore artifacts, MasterMetrics metrics, Supplier<StatusView> status) {
        this(artifacts, metrics, status, null);
    }

    /** @param executorJar the Mesos executor's JAR to serve; null when there is none */
    public MasterService(ArtifactStore artifacts, MasterMetrics metrics, Supplier<StatusView> status,
                         Path executorJar) {
        this.executorJar = executorJar;
        this.artifacts = artifacts;
        this.metrics = metrics;
        this.status = status;
    }

    /** Set when this master becomes the leader and has recovered; null when it is not. */
    public void controlPlane(ControlPlane current) {
        this.plane = current;
    }

    private ControlPlane plane() {
        ControlPlane p = plane;
        if (p == null) {
            StatusView s = status.get();
            throw ApiException.unavailable("this master is not the leader (or is still recovering); leader: "
                    + (s.leader() ? "this one, recovering" : "see GET /api/v1/status") + "; try again shortly");
        }
        return p;
    }

    @Override
    public List<ClusterView> listClusters() {
        return plane().call(p -> p.clusters().list().stream().map(p::clusterView).toList());
    }

    @Override
    public ClusterView getCluster(String name) {
        return plane().call(p -> p.clusterView(p.clusters().get(name)));
    }

    @Override
    public ClusterView createCluster(ClusterSpec spec) {
        if (spec == null) {
            throw ApiException.badRequest("a cluster spec is required as the JSON body");
        }
        return plane().call(p -> p.clusterView(p.clusters().create(spec)));
    }

    @Override
    public ClusterView updateCluster(String name, ClusterSpec spec) {
        if (spec == null) {
            throw ApiException.badRequest("a cluster spec is required as the JSON body");
        }
        if (spec.name() != null && !spec.name().equals(name)) {
            throw ApiException.badRequest("field 'name': '" + spec.name() + "' differs from the path's '" + name
                    + "'; a cluster cannot be renamed");
        }
        return plane().call(p -> p.clusterView(p.clusters().update(name, spec)));
    }

    @Override
    public void deleteCluster(String name) {
        plane().call(p -> {
            p.clusters().delete(name);
            return null;
        });
    }

    @Override
    public JobView submitToCluster(String cluster, SubmitRequest request) {
        SubmitRequest r = request == null ? new SubmitRequest(null, null, null, null, null) : request;
        return plane().call(p -> p.jobs().view(p.clusters().submit(cluster, r.artifact(), r.parameters(), r.workers(),
                r.durationType(), r.subscriptionTimeoutSeconds(), r.runtimeLimitSeconds())));
    }

    @Override
    public JobView quickSubmit(SubmitRequest request) {
        if (request == null || request.artifact() == null) {
            throw ApiException.badRequest("field 'artifact': required (the SHA-256 of an uploaded job JAR)");
        }
        ArtifactInfo info = artifacts.get(request.artifact()).orElseThrow(() -> ApiException.badRequest(
                "field 'artifact': no artifact with SHA-256 " + request.artifact() + "; upload the JAR first"));
        String cluster = request.name() != null ? request.name() : info.job().name();
        return plane().call(p -> p.jobs().view(p.quickSubmit(cluster, info, request)));
    }

    @Override
    public List<JobView> listJobs(JobFilter filter) {
        JobFilter f = filter == null ? new JobFilter(null, null) : filter;
        return plane().call(p -> p.jobs().jobs().stream()
                .filter(j -> f.cluster() == null || j.spec().cluster().equals(f.cluster()))
                .filter(j -> f.state() == null
                        || ("active".equalsIgnoreCase(f.state()) ? j.active()
                        : j.state().name().equalsIgnoreCase(f.state())))
                .map(p.jobs()::view).toList());
    }

    @Override
    public JobView getJob(String jobId) {
        return plane().call(p -> p.jobs().view(p.job(jobId)));
    }

    @Override
    public JobView killJob(String jobId, String reason) {
        return plane().call(p -> p.jobs().view(p.kill(jobId, reason)));
    }

    @Override
    public JobView scaleStage(String jobId, int stage, int workers) {
        return plane().call(p -> p.jobs().view(p.scale(jobId, stage, workers)));
    }

    @Override
    public JobView resubmitWorker(String jobId, String workerId) {
        return plane().call(p -> p.jobs().view(p.resubmit(jobId, workerId)));
    }

    @Override
    public ArtifactView uploadArtifact(Path file, String fileName) {
        try {
            return ViewMapper.artifact(artifacts.put(file, fileName));
        } catch (InvalidArtifactException e) {
            throw ApiException.badRequest("rejected " + (fileName == null ? "the upload" : fileName) + ": "
                    + e.getMessage());
        }
    }

    @Override
    public List<ArtifactView> listArtifacts() {
        return artifacts.list().stream().map(ViewMapper::artifact).toList();
    }

    @Override
    public Optional<Path> executorJar() {
        return Optional.ofNullable(executorJar);
    }

    @Override
    public Optional<Path> artifactFile(String sha256) {
        return artifacts.file(sha256);
    }

    @Override
    public List<AgentView> listAgents() {
        return plane().agents();
    }

    @Override
    public List<PoolView> listPools() {
        return plane().pools().stream().map(ViewMapper::pool).toList();
    }

    @Override
    public List<ScaleEventView> listPoolEvents() {
        return plane().poolEvents().stream().map(ViewMapper::scaleEvent).toList();
    }

    @Override
    public AgentHeartbeatReply agentHeartbeat(AgentHeartbeat heartbeat) {
        return plane().agentHeartbeat(heartbeat);
    }

    @Override
    public void workerHeartbeat(WorkerHeartbeat heartbeat) {
        plane().workerHeartbeat(heartbeat);
    }

    @Override
    public StatusView status() {
        return status.get();
    }

    @Override
    public String scrapeMetrics() {
        return metrics.scrape();
    }
}
