package io.mantis.runtime.worker;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.runtime.net.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a worker needs to run one stage of one job: what the executor hands to {@link WorkerMain}.
 *
 * @param jobId        the job's id
 * @param jobJar       path of the job JAR (null when the job object is handed over in-process)
 * @param stageNumber  1-based stage this worker runs
 * @param workerIndex  position in the stage, 0-based; kept by replacements
 * @param workerNumber this launch; replacements get a higher one
 * @param stageWorkers worker count of every stage, in order
 * @param parameters   the job's parameters in text form
 * @param bindHost     address to listen on
 * @param dataPort     port for the next stage to connect to (0: any free port)
 * @param sinkPort     port of the sink's event stream, last stage only (0: any free port)
 * @param adminPort    port of {@code /metrics}, {@code /health}, {@code /upstreams} (0: any free port)
 * @param upstreams    {@code host:port} of every worker of the previous stage (empty for stage 1)
 */
public record Assignment(String jobId, String jobJar, int stageNumber, int workerIndex, int workerNumber,
                         List<Integer> stageWorkers, Map<String, String> parameters, String bindHost,
                         int dataPort, int sinkPort, int adminPort, List<String> upstreams) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Assignment {
        Objects.requireNonNull(jobId, "jobId is null");
        Objects.requireNonNull(stageWorkers, "stageWorkers is null");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        stageWorkers = List.copyOf(stageWorkers);
        bindHost = bindHost == null ? "127.0.0.1" : bindHost;
        if (stageNumber < 1 || stageNumber > stageWorkers.size()) {
            throw new IllegalArgumentException("stageNumber " + stageNumber + " is outside 1.." + stageWorkers.size());
        }
        if (workerIndex < 0 || workerIndex >= stageWorkers.get(stageNumber - 1)) {
            throw new IllegalArgumentException("workerIndex " + workerIndex + " is outside 0.."
                    + (stageWorkers.get(stageNumber - 1) - 1) + " for stage " + stageNumber);
        }
        if (stageNumber > 1 && upstreams.isEmpty()) {
            throw new IllegalArgumentException("stage " + stageNumber + " needs the addresses of stage "
                    + (stageNumber - 1) + "'s workers (upstreams)");
        }
    }

    @JsonIgnore
    public int stageCount() {
        return stageWorkers.size();
    }

    @JsonIgnore
    public int workerCount() {
        return stageWorkers.get(stageNumber - 1);
    }

    @JsonIgnore
    public boolean isFirstStage() {
        return stageNumber == 1;
    }

    @JsonIgnore
    public boolean isLastStage() {
        return stageNumber == stageWorkers.size();
    }

    /** Worker count of the next stage; only for a stage that is not the last. */
    @JsonIgnore
    public int downstreamWorkers() {
        return stageWorkers.get(stageNumber);
    }

    /**
     * {@link #upstreams} parsed by {@link HostPort}: without DNS, so host names stay unresolved.
     *
     * @throws IllegalArgumentException naming the entry, e.g. {@code upstreams[1]}, and what is wrong with it
     */
    @JsonIgnore
    public List<InetSocketAddress> upstreamAddresses() {
        return HostPort.parseAll(upstreams, "upstreams");
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write assignment as JSON", e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code json} */
    public static Assignment fromJson(String json) {
        try {
            return MAPPER.readValue(json, Assignment.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed assignment: " + e.getMessage(), e);
        }
    }
}
