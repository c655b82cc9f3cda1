package io.mantis.master.api;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import io.mantis.master.api.Views.ClusterSpec;
import io.mantis.master.api.Views.JobFilter;
import io.mantis.master.api.Views.KillRequest;
import io.mantis.master.api.Views.ResubmitRequest;
import io.mantis.master.api.Views.ScaleRequest;
import io.mantis.master.api.Views.SubmitRequest;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.WorkerHeartbeat;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The REST API of docs/control-plane.md: each route turned into one call of {@link MasterOperations}. Parsing and
 * the checks that need no master state happen here; everything else is the operations' job.
 */
final class Routes {

    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    static final String JAR = "application/java-archive";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");

    private final MasterOperations ops;

    private Routes(MasterOperations ops) {
        this.ops = Objects.requireNonNull(ops, "operations is null");
    }

    static Router<Endpoint> of(MasterOperations ops) {
        Routes r = new Routes(ops);
        String v1 = "/api/v1";
        return new Router<Endpoint>()
                .add(GET, v1 + "/status", Endpoint.json(q -> Reply.json(200, ops.status())))
                .add(GET, v1 + "/clusters", Endpoint.json(q -> Reply.json(200, ops.listClusters())))
                .add(POST, v1 + "/clusters", Endpoint.json(r::createCluster))
                .add(GET, v1 + "/clusters/{name}", Endpoint.json(q -> Reply.json(200, ops.getCluster(q.variable("name")))))
                .add(PUT, v1 + "/clusters/{name}", Endpoint.json(r::updateCluster))
                .add(DELETE, v1 + "/clusters/{name}", Endpoint.json(r::deleteCluster))
                .add(POST, v1 + "/clusters/{name}/jobs", Endpoint.json(r::submitToCluster))
                .add(POST, v1 + "/jobs", Endpoint.json(r::quickSubmit))
                .add(GET, v1 + "/jobs", Endpoint.json(r::listJobs))
                .add(GET, v1 + "/jobs/{id}", Endpoint.json(q -> Reply.json(200, ops.getJob(q.variable("id")))))
                .add(DELETE, v1 + "/jobs/{id}", Endpoint.json(r::killJob))
                .add(POST, v1 + "/jobs/{id}/actions/kill", Endpoint.json(r::killJob))
                .add(POST, v1 + "/jobs/{id}/actions/scale", Endpoint.json(r::scaleStage))
                .add(POST, v1 + "/jobs/{id}/actions/resubmit", Endpoint.json(r::resubmitWorker))
                .add(POST, v1 + "/artifacts", Endpoint.stream(Routes::checkUpload, r::uploadArtifact))
                .add(GET, v1 + "/artifacts", Endpoint.json(q -> Reply.json(200, ops.listArtifacts())))
                .add(GET, v1 + "/artifacts/{sha256}", Endpoint.json(r::downloadArtifact))
                .add(GET, v1 + "/agents", Endpoint.json(q -> Reply.json(200, ops.listAgents())))
                .add(GET, v1 + "/pools", Endpoint.json(q -> Reply.json(200, ops.listPools())))
                .add(GET, v1 + "/pools/events", Endpoint.json(q -> Reply.json(200, ops.listPoolEvents())))
                .add(POST, v1 + "/agents/heartbeat", Endpoint.json(r::agentHeartbeat))
                .add(POST, v1 + "/workers/{workerId}/heartbeat", Endpoint.json(r::workerHeartbeat))
                .add(GET, "/metrics", Endpoint.json(q -> Reply.text(PROMETHEUS, ops.scrapeMetrics())));
    }

    private Reply createCluster(Request q) {
        return Reply.json(201, ops.createCluster(JsonCodec.read(q.body(), ClusterSpec.class, "a ClusterSpec")));
    }

    private Reply updateCluster(Request q) {
        ClusterSpec spec = JsonCodec.read(q.body(), ClusterSpec.class, "a ClusterSpec");
        String name = q.variable("name");
        if (spec.name() != null && !spec.name().equals(name)) {
            throw ApiException.badRequest("field 'name': '" + spec.name() + "' differs from the cluster in the path, '"
                    + name + "': a cluster cannot be renamed; leave 'name' out");
        }
        return Reply.json(200, ops.updateCluster(name, spec));
    }

    private Reply deleteCluster(Request q) {
        ops.deleteCluster(q.variable("name"));
        return Reply.noContent();
    }

    private Reply submitToCluster(Request q) {
        SubmitRequest request = q.hasBody()
                ? JsonCodec.read(q.body(), SubmitRequest.class, "a SubmitRequest")
                : new SubmitRequest(null, null, null, null, null);
        return Reply.json(201, ops.submitToCluster(q.variable("name"), request));
    }

    private Reply quickSubmit(Request q) {
        SubmitRequest request = JsonCodec.read(q.body(), SubmitRequest.class, "a SubmitRequest");
        if (request.artifact() == null || request.artifact().isBlank()) {
            throw ApiException.badRequest("field 'artifact' is required: give the SHA-256 of an uploaded JAR "
                    + "(POST /api/v1/artifacts?name=my-job.jar answers it)");
        }
        return Reply.json(201, ops.quickSubmit(request));
    }

    private Reply listJobs(Request q) {
        return Reply.json(200, ops.listJobs(new JobFilter(q.queryParameter("cluster"), q.queryParameter("state"))));
    }

    private Reply killJob(Request q) {
        String reason = q.hasBody() ? JsonCodec.read(q.body(), KillRequest.class, "a KillRequest").reason() : null;
        return Reply.json(200, ops.killJob(q.variable("id"), reason));
    }

    private Reply scaleStage(Request q) {
        ScaleRequest request = JsonCodec.read(q.body(), ScaleRequest.class, "a ScaleRequest");
        return Reply.json(200, ops.scaleStage(q.variable("id"), request.stage(), request.workers()));
    }

    private Reply resubmitWorker(Request q) {
        ResubmitRequest request = JsonCodec.read(q.body(), ResubmitRequest.class, "a ResubmitRequest");
        if (request.workerId() == null || request.workerId().isBlank()) {
            throw ApiException.badRequest("field 'workerId' is required: name the worker to replace, e.g. "
                    + "\"my-cluster-1-1-0-1\"");
        }
        return Reply.json(200, ops.resubmitWorker(q.variable("id"), request.workerId()));
    }

    private static void checkUpload(Request head) {
        String name = head.queryParameter("name");
        if (name == null) {
            throw ApiException.badRequest("query parameter 'name' is required: the JAR's file name, as in "
                    + "POST /api/v1/artifacts?name=my-job.jar");
        }
        if (!FILE_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("query parameter 'name': '" + name + "' is not a plain file name: use "
                    + "letters, digits, '.', '_', '+' and '-' only (no directories), e.g. my-job.jar");
        }
    }

    private Reply uploadArtifact(Request q) {
        Path file = Objects.requireNonNull(q.bodyFile(), "upload body file");
        return Reply.json(201, ops.uploadArtifact(file, q.queryParameter("name")));
    }

    private Reply downloadArtifact(Request q) {
        String sha = q.variable("sha256").toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            throw ApiException.badRequest("'" + q.variable("sha256") + "' is not a SHA-256: give the 64 hex digits "
                    + "GET /api/v1/artifacts lists");
        }
        Path file = ops.artifactFile(sha).orElseThrow(() -> ApiException.notFound("no artifact with SHA-256 "
                + sha + ": GET /api/v1/artifacts lists the stored ones"));
        return Reply.file(file, JAR).withHeader("Content-Disposition", "attachment; filename=\"" + sha + ".jar\"");
    }

    private Reply agentHeartbeat(Request q) {
        return Reply.json(200, ops.agentHeartbeat(JsonCodec.read(q.body(), AgentHeartbeat.class, "an AgentHeartbeat")));
    }

    private Reply workerHeartbeat(Request q) {
        String workerId = q.variable("workerId");
        WorkerHeartbeat beat = JsonCodec.read(q.body(), WorkerHeartbeat.class, "a WorkerHeartbeat");
        if (beat.workerId() == null) {
            beat = new WorkerHeartbeat(workerId, beat.host(), beat.dataPort(), beat.sinkPort(), beat.adminPort(),
                    beat.subscribers());
        } else if (!beat.workerId().equals(workerId)) {
            throw ApiException.badRequest("field 'workerId': '" + beat.workerId() + "' differs from the worker in "
                    + "the path, '" + workerId + "': post each worker's heartbeat to its own URL");
        }
        ops.workerHeartbeat(beat);
        return Reply.noContent();
    }
}
