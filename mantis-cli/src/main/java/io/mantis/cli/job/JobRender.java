package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.client.Json;
import io.mantis.cli.output.Formats;
import io.mantis.cli.output.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/** Renders {@code JobView}s as text. */
final class JobRender {

    private JobRender() {
    }

    /** @param now the current time (epoch ms), to say how long until a job ends by itself */
    static String list(JsonNode jobs, long now) {
        Table t = Table.of("ID", "CLUSTER", "STATE", "TYPE", "POOL", "WORKERS", "SUBSCRIBERS", "SUBMITTED", "ENDS",
                "REASON");
        for (JsonNode job : jobs) {
            JobState s = JobState.of(job);
            t.row(s.id(), Json.text(job, "cluster"), s.state(), Json.text(job, "durationType"), Json.text(job, "pool"),
                    s.started() + "/" + s.total(), subscribers(job, s), Formats.time(job.get("submittedAt")),
                    ends(job, s, now), s.reason());
        }
        return t.render();
    }

    /**
     * When the job will end by itself: "in 42 s if nobody connects" while a transient job waits for a client,
     * "in 9 min (runtime limit)" when its limit comes first; null when it will not end by itself or has ended.
     */
    static String ends(JsonNode job, JobState s, long now) {
        if (s.ended() || !job.hasNonNull("endsAt")) {
            return null;
        }
        long endsAt = job.path("endsAt").asLong();
        String in = "in " + span(Math.max(0, endsAt - now));
        boolean limit = job.hasNonNull("runtimeLimitSeconds")
                && endsAt == job.path("submittedAt").asLong() + job.path("runtimeLimitSeconds").asLong() * 1000;
        return limit ? in + " (runtime limit)" : in + " if nobody connects";
    }

    /** "42 s", "15 min", "3 h": rounded up, so "in 0 s" only shows once the moment has come. */
    static String span(long millis) {
        long s = (millis + 999) / 1000;
        if (s < 120) {
            return s + " s";
        }
        long m = (s + 59) / 60;
        return m < 120 ? m + " min" : (m + 59) / 60 + " h";
    }

    private static String subscribers(JsonNode job, JobState s) {
        return s.ended() || !job.has("subscribers") ? null : job.path("subscribers").asText();
    }

    static void status(JsonNode job, PrintWriter out, long now) {
        JobState s = JobState.of(job);
        Table fields = Table.of("FIELD", "VALUE");
        fields.row("id", s.id())
                .row("cluster", Json.text(job, "cluster"))
                .row("state", s.state())
                .row("type", Json.text(job, "durationType") + " (pool " + Json.text(job, "pool") + ")")
                .row("artifact", Json.text(job, "artifact"))
                .row("submitted", Formats.time(job.get("submittedAt")))
                .row("ended", Formats.time(job.get("endedAt")))
                .row("reason", s.reason())
                .row("workers", s.started() + "/" + s.total() + " started");
        // Only jobs that can end by themselves get these rows: a perpetual job's status stays as it was.
        if ("TRANSIENT".equals(Json.text(job, "durationType"))) {
            fields.row("subscribers", subscribers(job, s))
                    .row("idle timeout", seconds(job, "subscriptionTimeoutSeconds"));
        }
        if (job.hasNonNull("runtimeLimitSeconds")) {
            fields.row("runtime limit", seconds(job, "runtimeLimitSeconds"));
        }
        if (ends(job, s, now) != null) {
            fields.row("ends", ends(job, s, now));
        }
        StringBuilder params = new StringBuilder();
        for (Map.Entry<String, JsonNode> p : job.path("parameters").properties()) {
            params.append(params.isEmpty() ? "" : " ").append(p.getKey()).append('=').append(p.getValue().asText());
        }
        fields.row("parameters", params.isEmpty() ? null : params);
        StringBuilder stages = new StringBuilder();
        for (JsonNode st : job.path("stages")) {
            stages.append(stages.isEmpty() ? "" : ", ").append(st.path("stage").asInt()).append(':')
                    .append(Json.text(st, "name")).append(" x").append(st.path("workers").asInt());
        }
        fields.row("stages", stages.isEmpty() ? null : stages);
        // The field table has no header worth showing: drop its first line.
        String rendered = fields.render();
        out.print(rendered.substring(rendered.indexOf('\n') + 1));
        out.println();
        out.print(workers(job.path("workers")));
    }

    private static String seconds(JsonNode job, String field) {
        return job.hasNonNull(field) ? Formats.duration(Duration.ofSeconds(job.path(field).asLong())) : null;
    }

    static String workers(JsonNode workers) {
        Table t = Table.of("WORKER", "STATE", "AGENT", "HOST:DATA,SINK,ADMIN", "ATTEMPT", "REASON");
        for (JsonNode w : workers) {
            t.row(Json.text(w, "workerId"), Json.text(w, "state"), Json.text(w, "agentId"), address(w),
                    w.path("attempt").asInt(), Json.text(w, "reason"));
        }
        return t.render();
    }

    private static String address(JsonNode w) {
        String host = Json.text(w, "host");
        if (host == null) {
            return null;
        }
        return host + ":" + port(w, "dataPort") + "," + port(w, "sinkPort") + "," + port(w, "adminPort");
    }

    private static String port(JsonNode w, String field) {
        String p = Json.text(w, field);
        return p == null ? "-" : p;
    }
}
