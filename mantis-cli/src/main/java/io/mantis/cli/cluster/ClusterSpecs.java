package io.mantis.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliException;
import io.mantis.cli.client.Json;
import io.mantis.cli.client.MasterClient;
import io.mantis.cli.options.KeyValue;
import io.mantis.cli.options.StageWorkers;
import io.mantis.master.api.Views;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns {@link ClusterSpecOptions} into a {@code ClusterSpec}: uploads a JAR given as artifact, expands a SHA
 * prefix, and merges {@code --workers} and the SLA options into the current layout and SLA.
 */
final class ClusterSpecs {

    private static final Pattern SHA_PREFIX = Pattern.compile("[0-9a-fA-F]{6,64}");

    private final MasterClient client;
    private final PrintWriter progress;

    ClusterSpecs(MasterClient client, PrintWriter progress) {
        this.client = client;
        this.progress = progress;
    }

    /**
     * @param name         the cluster's name (create) or null (update)
     * @param current      the cluster as it is (update), or null (create)
     * @param durationType "PERPETUAL", "TRANSIENT" or null
     */
    Views.ClusterSpec build(String name, JsonNode current, ClusterSpecOptions o, String durationType) {
        String sha = o.artifact == null ? null : resolveArtifact(o.artifact);
        List<Views.StageSpec> stages = null;
        if (o.workers != null && !o.workers.isEmpty()) {
            stages = stages(baseLayout(sha, current), StageWorkers.toMap(o.workers));
        }
        Views.Sla sla = o.changesSla() ? sla(current == null ? null : current.get("sla"), o) : null;
        return new Views.ClusterSpec(name, sha, KeyValue.toMap(o.params), stages, sla, durationType);
    }

    /** A JAR path is uploaded; a full SHA-256 is taken as is; a shorter hex prefix must match one artifact. */
    String resolveArtifact(String value) {
        Path path = Path.of(value);
        if (Files.isRegularFile(path)) {
            JsonNode uploaded = client.upload(path);
            progress.println("uploaded " + path.getFileName() + " (sha256 " + Json.text(uploaded, "sha256") + ")");
            return Json.text(uploaded, "sha256");
        }
        if (!SHA_PREFIX.matcher(value).matches()) {
            throw new CliException("--artifact '" + value + "' is neither a JAR file nor a SHA-256; give the path "
                    + "of a JAR or a hash from `mantis artifacts`");
        }
        if (value.length() == 64) {
            return value.toLowerCase();
        }
        List<String> matches = new ArrayList<>();
        for (JsonNode a : client.get("/artifacts")) {
            String sha = Json.text(a, "sha256");
            if (sha != null && sha.startsWith(value.toLowerCase())) {
                matches.add(sha);
            }
        }
        if (matches.size() != 1) {
            throw new CliException("--artifact '" + value + "' matches " + matches.size() + " stored artifacts; "
                    + "give more of the hash (see `mantis artifacts`)");
        }
        return matches.get(0);
    }

    /** Worker counts and machines per stage before the change: the cluster's, else the artifact's own. */
    private List<Views.StageSpec> baseLayout(String sha, JsonNode current) {
        List<Views.StageSpec> base = new ArrayList<>();
        if (current != null && current.path("stages").size() > 0) {
            for (JsonNode s : current.path("stages")) {
                base.add(new Views.StageSpec(s.path("workers").asInt(), machine(s.get("machine"))));
            }
            return base;
        }
        String artifact = sha != null ? sha : current == null ? null : Json.text(current, "artifact");
        for (JsonNode a : artifact == null ? List.<JsonNode>of() : client.get("/artifacts")) {
            if (artifact.equals(Json.text(a, "sha256"))) {
                for (JsonNode s : a.path("job").path("stages")) {
                    base.add(new Views.StageSpec(s.path("workers").asInt(), null));
                }
            }
        }
        return base;
    }

    /** Applies {@code counts} to {@code base}; with no base, every stage from 1 to the highest must be given. */
    static List<Views.StageSpec> stages(List<Views.StageSpec> base, Map<Integer, Integer> counts) {
        int highest = counts.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (base.isEmpty()) {
            for (int stage = 1; stage <= highest; stage++) {
                if (!counts.containsKey(stage)) {
                    throw new CliException("--workers: stage " + stage + " has no count and the job's layout is "
                            + "unknown; give every stage from 1 to " + highest);
                }
            }
        } else if (highest > base.size()) {
            throw new CliException("--workers " + highest + "=" + counts.get(highest) + ": the job has "
                    + base.size() + " stage" + (base.size() == 1 ? "" : "s") + "; number stages from 1 to "
                    + base.size());
        }
        List<Views.StageSpec> stages = new ArrayList<>();
        for (int stage = 1; stage <= Math.max(highest, base.size()); stage++) {
            Views.StageSpec old = stage <= base.size() ? base.get(stage - 1) : null;
            Integer n = counts.get(stage);
            stages.add(new Views.StageSpec(n != null ? n : old.workers(), old == null ? null : old.machine()));
        }
        return stages;
    }

    /** Options override the current SLA; without one, min defaults to 0 and max to at least min and 1. */
    static Views.Sla sla(JsonNode current, ClusterSpecOptions o) {
        boolean has = current != null && !current.isNull();
        int min = o.slaMin != null ? o.slaMin : has ? current.path("min").asInt() : 0;
        int max = o.slaMax != null ? o.slaMax : has ? current.path("max").asInt() : Math.max(min, 1);
        String cron = o.cron != null ? (o.cron.isBlank() ? null : o.cron) : has ? Json.text(current, "cron") : null;
        if (min < 0) {
            throw new CliException("--sla-min " + min + ": give 0 or more");
        }
        if (max < min) {
            throw new CliException("--sla-max " + max + " is below --sla-min " + min + "; give max >= min");
        }
        return new Views.Sla(min, max, cron);
    }

    private static Views.Machine machine(JsonNode m) {
        if (m == null || m.isNull()) {
            return null;
        }
        return new Views.Machine(m.path("cpus").asDouble(), m.path("memoryMB").asDouble(),
                m.path("networkMbps").asDouble(), m.path("diskMB").asDouble());
    }
}
