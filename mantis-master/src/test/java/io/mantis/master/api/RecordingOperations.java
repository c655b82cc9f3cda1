package io.mantis.master.api;

import io.mantis.master.api.Views.AgentView;
import io.mantis.master.api.Views.ArtifactView;
import io.mantis.master.api.Views.ClusterSpec;
import io.mantis.master.api.Views.ClusterView;
import io.mantis.master.api.Views.JobFilter;
import io.mantis.master.api.Views.JobView;
import io.mantis.master.api.Views.StatusView;
import io.mantis.master.api.Views.SubmitRequest;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentHeartbeatReply;
import io.mantis.protocol.AgentResources;
import io.mantis.protocol.WorkerHeartbeat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A master that answers canned views and records every call with its arguments. */
final class RecordingOperations implements MasterOperations {

    record Call(String operation, List<Object> arguments) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Thrown by the next call instead of answering, then cleared. */
    volatile RuntimeException failNext;
    /** When set, {@link #status()} waits for it: an operation that blocks. */
    volatile java.util.concurrent.CountDownLatch statusGate;
    private final Path artifactDir;
    private final Map<String, Path> artifacts = new ConcurrentHashMap<>();

    RecordingOperations(Path artifactDir) {
        this.artifactDir = artifactDir;
    }

    Call lastCall() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    private void record(String operation, Object... arguments) {
        calls.add(new Call(operation, Arrays.asList(arguments)));
        RuntimeException failure = failNext;
        if (failure != null) {
            failNext = null;
            throw failure;
        }
    }

    static ClusterView cluster(String name) {
        return new ClusterView(name, "abc", List.of("abc"), Map.of("rate", "5"), List.of(), null, "PERPETUAL",
                List.of(), 1L, 2L, null, null);
    }

    static JobView job(String id, String state) {
        return new JobView(id, id.substring(0, id.lastIndexOf('-')), state, "PERPETUAL", "perpetual", "abc",
                Map.of(), List.of(), List.of(), 3L, null, null, 0, null, null, null);
    }

    @Override
    public List<ClusterView> listClusters() {
        record("listClusters");
        return List.of(cluster("a"), cluster("b"));
    }

    @Override
    public ClusterView getCluster(String name) {
        record("getCluster", name);
        return cluster(name);
    }

    @Override
    public ClusterView createCluster(ClusterSpec spec) {
        record("createCluster", spec);
        return cluster(spec.name());
    }

    @Override
    public ClusterView updateCluster(String name, ClusterSpec spec) {
        record("updateCluster", name, spec);
        return cluster(name);
    }

    @Override
    public void deleteCluster(String name) {
        record("deleteCluster", name);
    }

    @Override
    public JobView submitToCluster(String cluster, SubmitRequest request) {
        record("submitToCluster", cluster, request);
        return job(cluster + "-1", "ACCEPTED");
    }

    @Override
    public JobView quickSubmit(SubmitRequest request) {
        record("quickSubmit", request);
        return job("quick-1", "ACCEPTED");
    }

    @Override
    public List<JobView> listJobs(JobFilter filter) {
        record("listJobs", filter);
        return List.of(job("a-1", "RUNNING"));
    }

    @Override
    public JobView getJob(String jobId) {
        record("getJob", jobId);
        return job(jobId, "RUNNING");
    }

    @Override
    public JobView killJob(String jobId, String reason) {
        record("killJob", jobId, reason);
        return job(jobId, "KILLED");
    }

    @Override
    public JobView scaleStage(String jobId, int stage, int workers) {
        record("scaleStage", jobId, stage, workers);
        return job(jobId, "RUNNING");
    }

    @Override
    public JobView resubmitWorker(String jobId, String workerId) {
        record("resubmitWorker", jobId, workerId);
        return job(jobId, "RUNNING");
    }

    @Override
    public ArtifactView uploadArtifact(Path file, String fileName) {
        record("uploadArtifact", file, fileName);
        try {
            byte[] bytes = Files.readAllBytes(file);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            Path stored = Files.move(file, artifactDir.resolve(sha + ".jar"));
            artifacts.put(sha, stored);
            return new ArtifactView(sha, bytes.length, fileName, 4L, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<ArtifactView> listArtifacts() {
        record("listArtifacts");
        return List.of();
    }

    @Override
    public Optional<Path> artifactFile(String sha256) {
        record("artifactFile", sha256);
        return Optional.ofNullable(artifacts.get(sha256));
    }

    @Override
    public List<AgentView> listAgents() {
        record("listAgents");
        return List.of(new AgentView("agent-1", "localhost", "perpetual", "active", "none",
                new AgentResources(4, 8192, 1000, 10000, 7000, 7100), 1, 1024, 128, List.of("w"), 5L));
    }

    @Override
    public List<Views.PoolView> listPools() {
        record("listPools");
        return List.of(new Views.PoolView("transient", new Views.PoolRuleView(1, 2, 30, 1, 5),
                Map.of("active", 1, "idle", 2, "draining", 0, "released", 3, "lost", 0), 0));
    }

    @Override
    public List<Views.ScaleEventView> listPoolEvents() {
        record("listPoolEvents");
        return List.of(new Views.ScaleEventView(7L, "transient", "release", List.of("agent-2"), 1, "drained"));
    }

    @Override
    public AgentHeartbeatReply agentHeartbeat(AgentHeartbeat heartbeat) {
        record("agentHeartbeat", heartbeat);
        return new AgentHeartbeatReply(List.of("x-1-1-0-1"), List.of());
    }

    @Override
    public void workerHeartbeat(WorkerHeartbeat heartbeat) {
        record("workerHeartbeat", heartbeat);
    }

    @Override
    public StatusView status() {
        record("status");
        java.util.concurrent.CountDownLatch gate = statusGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new StatusView("m1", true, "0.1.0", "127.0.0.1:2181", 1, 2, 6L);
    }

    @Override
    public String scrapeMetrics() {
        record("scrapeMetrics");
        return "# TYPE mantis_jobs gauge\nmantis_jobs 1.0\n";
    }
}
