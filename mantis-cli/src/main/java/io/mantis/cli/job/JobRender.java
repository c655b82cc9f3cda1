package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.client.Json;
import io.mantis.cli.output.Formats;
import io.mantis.cli.output.Table;
import java.io.PrintWriter;
import java.util.Map;

/** Renders {@code JobView}s as text. */
final class JobRender {

    private JobRender() {
    }

    static String list(JsonNode jobs) {
        Table t = Table.of("ID", "CLUSTER", "STATE", "TYPE", "WORKERS", "SUBMITTED", "REASON");
        for (JsonNode job : jobs) {
            JobState s = JobState.of(job);
            t.row(s.id(), Json.text(job, "cluster"), s.state(), Json.text(job, "durationType"),
                    s.started() + "/" + s.total(), Formats.time(job.get("submittedAt")), s.reason());
        }
        return t.render();
    }

    static void status(JsonNode job, PrintWriter out) {
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
