package io.mantis.master.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantis.master.job.Job;
import io.mantis.master.job.StageSpec;
import io.mantis.master.job.Worker;
import io.mantis.protocol.LaunchRequest;
import java.net.URI;
import java.util.List;

/**
 * Turns a placed worker into the {@link LaunchRequest} its agent runs: the runtime's assignment document (written
 * field by field, since the master never depends on the runtime), the job JAR's URL and the heartbeat URL.
 */
final class LaunchBuilder {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI masterUrl;
    private final String token;
    private final long heartbeatMillis;

    LaunchBuilder(URI masterUrl, String token, long heartbeatMillis) {
        this.masterUrl = masterUrl;
        this.token = token;
        this.heartbeatMillis = heartbeatMillis;
    }

    /** @param upstreams {@code host:dataPort} of the previous stage's workers; empty for stage 1 */
    LaunchRequest build(Job job, Worker worker, List<String> upstreams) {
        ObjectNode assignment = MAPPER.createObjectNode();
        assignment.put("jobId", job.spec().id());
        assignment.putNull("jobJar");
        assignment.put("stageNumber", worker.stage());
        assignment.put("workerIndex", worker.index());
        assignment.put("workerNumber", worker.number());
        ArrayNode counts = assignment.putArray("stageWorkers");
        job.stageWorkers().values().forEach(counts::add);
        ObjectNode parameters = assignment.putObject("parameters");
        job.spec().parameters().forEach(parameters::put);
        assignment.put("bindHost", worker.host());
        assignment.put("dataPort", worker.dataPort());
        assignment.put("sinkPort", worker.sinkPort());
        assignment.put("adminPort", worker.adminPort());
        ArrayNode ups = assignment.putArray("upstreams");
        upstreams.forEach(ups::add);
        StageSpec stage = job.spec().stages().get(worker.stage() - 1);
        String artifact = job.spec().artifact();
        return new LaunchRequest(worker.workerId().toString(), artifact, masterUrl.resolve("/api/v1/artifacts/" + artifact).toString(),
                assignment.toString(), stage.machine().cpus(), stage.machine().memoryMB(),
                stage.machine().networkMbps(),
                masterUrl.resolve("/api/v1/workers/" + worker.workerId() + "/heartbeat").toString(), heartbeatMillis,
                token);
    }
}
