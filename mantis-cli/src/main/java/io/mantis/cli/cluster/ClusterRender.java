package io.mantis.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.client.Json;
import io.mantis.cli.output.Formats;
import io.mantis.cli.output.Table;
import java.util.Map;
import java.util.StringJoiner;

/** Renders {@code ClusterView}s as text. */
final class ClusterRender {

    private ClusterRender() {
    }

    static String list(JsonNode clusters) {
        Table t = Table.of("NAME", "ARTIFACT", "TYPE", "WORKERS", "SLA", "ACTIVE", "UPDATED");
        for (JsonNode c : clusters) {
            t.row(Json.text(c, "name"), Formats.shortSha(Json.text(c, "artifact")), Json.text(c, "durationType"),
                    workers(c), sla(c.get("sla")), c.path("activeJobs").size(), Formats.time(c.get("updatedAt")));
        }
        return t.render();
    }

    static String detail(JsonNode c) {
        StringJoiner versions = new StringJoiner(" ");
        c.path("artifactVersions").forEach(v -> versions.add(Formats.shortSha(v.asText())));
        StringJoiner params = new StringJoiner(" ");
        for (Map.Entry<String, JsonNode> p : c.path("parameters").properties()) {
            params.add(p.getKey() + "=" + p.getValue().asText());
        }
        StringJoiner jobs = new StringJoiner(" ");
        c.path("activeJobs").forEach(j -> jobs.add(j.asText()));
        Table t = Table.of("FIELD", "VALUE")
                .row("name", Json.text(c, "name"))
                .row("artifact", Json.text(c, "artifact"))
                .row("versions", blankToNull(versions.toString()))
                .row("type", Json.text(c, "durationType"))
                .row("parameters", blankToNull(params.toString()))
                .row("workers", workers(c))
                .row("sla", sla(c.get("sla")))
                .row("active jobs", blankToNull(jobs.toString()))
                .row("created", Formats.time(c.get("createdAt")))
                .row("updated", Formats.time(c.get("updatedAt")));
        String rendered = t.render();
        return rendered.substring(rendered.indexOf('\n') + 1);
    }

    /** Workers per stage, in stage order: "1,3" is one worker in stage 1 and three in stage 2. */
    private static String workers(JsonNode c) {
        StringJoiner j = new StringJoiner(",");
        c.path("stages").forEach(s -> j.add(Integer.toString(s.path("workers").asInt())));
        return blankToNull(j.toString());
    }

    private static String sla(JsonNode sla) {
        if (sla == null || sla.isNull()) {
            return null;
        }
        String cron = Json.text(sla, "cron");
        return "min " + sla.path("min").asInt() + " max " + sla.path("max").asInt()
                + (cron == null ? "" : " cron '" + cron + "'");
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
