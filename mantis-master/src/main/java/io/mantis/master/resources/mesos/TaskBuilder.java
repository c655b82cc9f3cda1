package io.mantis.master.resources.mesos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.mantis.master.resources.ExecutorOverhead;
import io.mantis.protocol.LaunchRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * Turns a {@link LaunchRequest} into the v1 {@link TaskInfo} our custom executor runs: task id = worker id, the
 * worker's cpus, mem, {@code network} scalar and its three ports, the request itself as JSON in {@code data}, and an
 * {@link ExecutorInfo} (type CUSTOM, id {@code <workerId>-executor}, its own small resources) whose command fetches
 * the executor JAR and the job JAR into the sandbox. Thread-safe.
 */
final class TaskBuilder {

    static final ExecutorOverhead EXECUTOR_OVERHEAD = new ExecutorOverhead(0.1, 64);
    static final String EXECUTOR_JAR = "mantis-executor.jar";
    static final String EXECUTOR_COMMAND = "java -Xmx48m -cp " + EXECUTOR_JAR
            + " io.mantis.executor.mesos.MesosExecutorMain";
    private static final List<String> PORT_FIELDS = List.of("dataPort", "sinkPort", "adminPort");

    private final String executorJarUrl;
    private final ObjectMapper json;

    /** @param masterUrl where the Mesos fetcher downloads the executor JAR ({@code /api/v1/executor/...}) */
    TaskBuilder(URI masterUrl, ObjectMapper json) {
        this.executorJarUrl = masterUrl.resolve("/api/v1/executor/" + EXECUTOR_JAR).toString();
        this.json = Objects.requireNonNull(json, "json is null");
    }

    /**
     * Builds one task, taking its resources and the executor's from {@code offered}.
     *
     * @throws IllegalArgumentException naming the worker when its assignment or artifact URL is unusable or the
     *                                  offers cannot hold it; {@code offered} is then unchanged
     */
    TaskInfo build(String agentId, LaunchRequest request, OfferedResources offered) {
        String workerId = request.workerId();
        if (request.artifactUrl() == null || request.artifactUrl().isBlank()) {
            throw new IllegalArgumentException("the launch of worker " + workerId + " has no artifactUrl");
        }
        List<Integer> ports = ports(request);
        OfferedResources.Take take = offered.take();
        int taskResources;
        try {
            take.scalar(OfferConverter.CPUS, request.cpus()).scalar(OfferConverter.MEM, request.memoryMB())
                    .scalar(OfferConverter.NETWORK, request.networkMbps()).ports(ports);
            taskResources = take.size();
            take.scalar(OfferConverter.CPUS, EXECUTOR_OVERHEAD.cpus())
                    .scalar(OfferConverter.MEM, EXECUTOR_OVERHEAD.memoryMB());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("worker " + workerId + " and its executor do not fit in the offers of"
                    + " agent " + agentId + ": " + e.getMessage(), e);
        }
        List<Resource> all = take.commit();
        CommandInfo command = CommandInfo.newBuilder()
                .addUris(uri(executorJarUrl))
                .addUris(uri(request.artifactUrl()))
                .setShell(true)
                .setValue(EXECUTOR_COMMAND)
                .build();
        ExecutorInfo executor = ExecutorInfo.newBuilder()
                .setType(ExecutorInfo.Type.CUSTOM)
                .setExecutorId(ExecutorID.newBuilder().setValue(workerId + "-executor"))
                .setName("mantis executor of " + workerId)
                .addAllResources(all.subList(taskResources, all.size()))
                .setCommand(command)
                .build();
        return TaskInfo.newBuilder()
                .setName("mantis worker " + workerId)
                .setTaskId(TaskID.newBuilder().setValue(workerId))
                .setAgentId(AgentID.newBuilder().setValue(agentId))
                .addAllResources(all.subList(0, taskResources))
                .setData(ByteString.copyFrom(toJson(request)))
                .setExecutor(executor)
                .build();
    }

    private static CommandInfo.URI uri(String value) {
        return CommandInfo.URI.newBuilder().setValue(value).setCache(false).setExtract(false).setExecutable(false)
                .build();
    }

    private byte[] toJson(LaunchRequest request) {
        try {
            return json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the launch of worker " + request.workerId()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The non-zero data, sink and admin ports of the assignment, in that order. */
    List<Integer> ports(LaunchRequest request) {
        String workerId = request.workerId();
        JsonNode root;
        try {
            root = request.assignmentJson() == null ? null : json.readTree(request.assignmentJson());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the assignmentJson of worker " + workerId + " is not JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the assignmentJson of worker " + workerId + " is not a JSON object");
        }
        List<Integer> ports = new ArrayList<>(PORT_FIELDS.size());
        for (String field : PORT_FIELDS) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                continue;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
                throw new IllegalArgumentException("the assignmentJson of worker " + workerId + " has " + field + " "
                        + node + ": expected a port number");
            }
            if (node.intValue() != 0) {
                ports.add(node.intValue());
            }
        }
        return ports;
    }
}
