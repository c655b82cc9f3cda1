package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.client.Json;
import java.util.Set;

/**
 * What the CLI reads from a {@code JobView}: whether it ended, and how many of its workers have started.
 *
 * @param id      the job id
 * @param state   the job's state, e.g. "RUNNING"
 * @param reason  why it ended, or null
 * @param started workers in state STARTED
 * @param total   workers the job should have: the sum of its stages' worker counts (the workers listed when the
 *                stages are not)
 */
public record JobState(String id, String state, String reason, int started, int total) {

    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "KILLED");

    public static JobState of(JsonNode job) {
        int total = 0;
        for (JsonNode stage : job.path("stages")) {
            total += stage.path("workers").asInt();
        }
        int listed = 0;
        int started = 0;
        for (JsonNode w : job.path("workers")) {
            listed++;
            if ("STARTED".equals(Json.text(w, "state"))) {
                started++;
            }
        }
        return new JobState(Json.text(job, "id"), Json.text(job, "state"), Json.text(job, "reason"), started,
                total > 0 ? total : listed);
    }

    public boolean ended() {
        return ENDED.contains(state);
    }

    public boolean allStarted() {
        return total > 0 && started >= total;
    }

    /** E.g. {@code job sine-1 ended FAILED: worker sine-1-1-0-3 failed 5 times}. */
    public String endedMessage() {
        return "job " + id + " ended " + state + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }
}
