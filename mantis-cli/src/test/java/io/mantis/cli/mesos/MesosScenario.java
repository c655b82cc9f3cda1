package io.mantis.cli.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;

/**
 * The end-to-end path both Mesos integration tests walk, seen only through the REST API and a sink, so it holds
 * against the fake master and a real one alike: upload, submit, every worker started, output at the sink, kill.
 */
final class MesosScenario {

    private MesosScenario() {
    }

    /** Submits the sine wave and waits until it runs and streams; returns the running job. */
    static JsonNode submitAndStream(MantisRest api, String sha, String name) throws Exception {
        String id = api.submit(sha, name, Map.of("ticksPerSecond", "100"));
        JsonNode job = api.awaitRunning(id);
        assertEquals(2, MantisRest.live(job).size(), "one worker per stage: " + job.path("workers"));
        JsonNode point = MantisRest.JSON.readTree(MantisRest.firstSinkEvent(job, Duration.ofSeconds(30)));
        assertTrue(point.has("x") && point.has("y"), "a sine-wave point: " + point);
        return job;
    }

    /** Kills the job and waits until it and all its workers have ended KILLED. */
    static JsonNode killAndAwaitEnd(MantisRest api, String id) throws Exception {
        api.kill(id);
        return api.await("job " + id + " killed with all workers ended", job ->
                job.path("state").asText().equals("KILLED") && MantisRest.live(job).isEmpty(), id);
    }
}
