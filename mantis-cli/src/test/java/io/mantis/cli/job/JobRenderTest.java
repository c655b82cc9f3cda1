package io.mantis.cli.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.client.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** How transient jobs read in {@code mantis job status} and {@code mantis job list}. */
class JobRenderTest {

    private static final long SUBMITTED = 1_700_000_000_000L;

    @Test
    void aTransientJobNobodyWatchesSaysWhenItEndsIfNobodyConnects() throws Exception {
        JsonNode job = job("RUNNING", 0, 60, null, SUBMITTED + 60_000);

        String status = status(job, SUBMITTED + 18_000);

        assertTrue(status.contains("type TRANSIENT (pool transient)\n"), status);
        assertTrue(status.contains("subscribers 0\n"), status);
        assertTrue(status.contains("idle timeout 1m\n"), status);
        assertTrue(status.contains("ends in 42 s if nobody connects\n"), status);
        String list = JobRender.list(Json.MAPPER.readTree("[" + job + "]"), SUBMITTED + 18_000);
        assertTrue(list.lines().toList().get(1).contains("TRANSIENT  transient  0/1      0"), list);
        assertTrue(list.contains("in 42 s if nobody connects"), list);
    }

    @Test
    void aWatchedJobWithARuntimeLimitSaysItEndsAtTheLimit() throws Exception {
        JsonNode job = job("RUNNING", 2, 60, 600L, SUBMITTED + 600_000);

        String status = status(job, SUBMITTED + 60_000);

        assertTrue(status.contains("subscribers 2\n"), status);
        assertTrue(status.contains("runtime limit 10m\n"), status);
        assertTrue(status.contains("ends in 9 min (runtime limit)\n"), status);
    }

    @Test
    void aWatchedJobWithoutLimitAndAnEndedJobShowNoEnd() throws Exception {
        assertFalse(status(job("RUNNING", 1, 60, null, null), SUBMITTED).contains("ends "));
        String ended = status(job("COMPLETED", 0, 60, null, SUBMITTED + 60_000), SUBMITTED + 70_000);
        assertFalse(ended.contains("ends "), ended);
        assertTrue(ended.contains("reason no client subscribed for 60 s\n"), ended);
    }

    private static String status(JsonNode job, long now) {
        StringWriter out = new StringWriter();
        JobRender.status(job, new PrintWriter(out, true), now);
        // Column widths depend on which rows a job has: compare with single spaces.
        return out.toString().replaceAll(" {2,}", " ");
    }

    private static JsonNode job(String state, int subscribers, long timeout, Long limit, Long endsAt)
            throws Exception {
        boolean ended = state.equals("COMPLETED");
        return Json.MAPPER.readTree("""
                {"id":"q-1","cluster":"q","state":"%s","durationType":"TRANSIENT","pool":"transient",
                 "artifact":"ab12","parameters":{},"stages":[{"stage":1,"name":"out","workers":1,"machine":null}],
                 "workers":[],"submittedAt":%d,"endedAt":null,"reason":%s,"subscribers":%d,
                 "subscriptionTimeoutSeconds":%d,"runtimeLimitSeconds":%s,"endsAt":%s}""".formatted(state, SUBMITTED,
                ended ? "\"no client subscribed for 60 s\"" : "null", subscribers, timeout, limit, endsAt));
    }
}
