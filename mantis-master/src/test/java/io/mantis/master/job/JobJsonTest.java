package io.mantis.master.job;

import static io.mantis.master.job.JobFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.mantis.master.job.JobEvent.Exited;
import io.mantis.master.job.JobEvent.ScaleRequested;
import org.junit.jupiter.api.Test;

/** The glue stores {@link Job} as JSON with a plain {@link ObjectMapper}: no modules, no annotations. */
class JobJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aJobInEveryKindOfStateSurvivesARoundTrip() throws Exception {
        JobFixture f = JobFixture.perpetual(3, 1);
        assertRoundTrip(f.job);
        f.startAll();
        f.apply(new Exited(id(1, 0, 1), 1, "boom"));          // a replacement waiting for a retry
        f.apply(new ScaleRequested(1, 2));                    // a retired worker
        f.apply(new JobEvent.RetryDue(1, 0));
        assertRoundTrip(f.job);
        f.apply(new JobEvent.KillRequested("done"));
        assertRoundTrip(f.job);
    }

    @Test
    void theStoredDocumentNamesOnlyTheRecordComponents() throws Exception {
        JobFixture f = JobFixture.perpetual(1);
        JsonNode json = mapper.readTree(mapper.writeValueAsString(f.job));
        assertEquals("word-count-1", json.at("/spec/id").asText());
        assertEquals("PERPETUAL", json.at("/spec/durationType").asText());
        assertEquals(1, json.at("/stageWorkers/1").asInt());
        assertEquals("ACCEPTED", json.at("/workers/0/state").asText());
        assertEquals(1, json.at("/workers/0/workerId/number").asInt());
        // Convenience reads (active(), placed(), live(), …) must not leak into the stored form.
        assertFalse(json.has("active"));
        assertFalse(json.at("/workers/0").has("placed"));
        assertFalse(json.at("/workers/0").has("stage"));
    }

    @Test
    void aTransientJobKeepsItsTimeoutAndLimitAsMilliseconds() throws Exception {
        JobSpec base = JobFixture.spec(DurationType.TRANSIENT, 1);
        JobSpec spec = new JobSpec(base.id(), base.cluster(), base.artifact(), base.parameters(), base.durationType(),
                base.stages(), base.submittedAt(), 3_000L, 600_000L);
        Job job = new JobFixture(JobFixture.POLICY, spec).job;
        assertRoundTrip(job);
        JsonNode json = mapper.readTree(mapper.writeValueAsString(job));
        assertEquals(3000, json.at("/spec/subscriptionTimeoutMillis").asLong());
        assertEquals(600_000, json.at("/spec/runtimeLimitMillis").asLong());
        assertFalse(json.at("/spec").has("subscriptionTimeout"), "derived reads stay out of the stored form");
    }

    @Test
    void aDocumentStoredBeforeTimeoutsExistedStillLoads() throws Exception {
        Job job = new JobFixture(JobFixture.POLICY, JobFixture.spec(DurationType.TRANSIENT, 1)).job;
        String old = mapper.writeValueAsString(job)
                .replace(",\"subscriptionTimeoutMillis\":null", "").replace(",\"runtimeLimitMillis\":null", "");
        assertFalse(old.contains("Millis"), old);

        Job back = mapper.readValue(old, Job.class);
        assertEquals(job, back);
        assertEquals(java.time.Duration.ofSeconds(60), back.spec().subscriptionTimeout().orElseThrow());
    }

    @Test
    void aDocumentBreakingTheLayoutIsRejectedOnRead() throws Exception {
        JobFixture f = JobFixture.perpetual(2);
        String json = mapper.writeValueAsString(f.job)
                .replace("\"stageWorkers\":{\"1\":2}", "\"stageWorkers\":{\"1\":3}");
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> mapper.readValue(json, Job.class));
        assertTrue(e.getMessage().contains("expected the worker of stage 1 index 2, found none"), e.getMessage());
    }

    private void assertRoundTrip(Job job) throws Exception {
        String json = mapper.writeValueAsString(job);
        Job back = mapper.readValue(json, Job.class);
        assertEquals(job, back);
        assertEquals(json, mapper.writeValueAsString(back), "equal jobs store equal bytes");
    }
}
