package io.mantis.master.job;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What was submitted: never changes during the job's life (scaling changes {@link Job#stageWorkers()} instead).
 *
 * @param artifact   the job JAR's SHA-256, 64 lower-case hex digits
 * @param parameters parameter values as text; null means none
 * @param stages     numbered 1, 2, … in order
 * @throws IllegalArgumentException naming the field and value when one is missing or malformed
 */
public record JobSpec(String id, String cluster, String artifact, Map<String, String> parameters,
                      DurationType durationType, List<StageSpec> stages, long submittedAt) {

    public JobSpec {
        requireText(id, "id");
        requireText(cluster, "cluster");
        requireText(artifact, "artifact");
        if (!artifact.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("artifact must be a SHA-256 in 64 lower-case hex digits, got '"
                    + artifact + "'");
        }
        Objects.requireNonNull(durationType, "durationType is null: use PERPETUAL or TRANSIENT");
        // A sorted copy keeps the stored JSON stable, so equal jobs store equal bytes.
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(parameters));
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("job " + id + ": stages is empty; a job needs at least one stage");
        }
        stages = List.copyOf(stages);
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).number() != i + 1) {
                throw new IllegalArgumentException("job " + id + ": stages must be numbered 1.." + stages.size()
                        + " in order, but position " + (i + 1) + " holds stage " + stages.get(i).number());
            }
        }
    }

    /** @throws IllegalArgumentException when there is no stage {@code number} */
    public StageSpec stage(int number) {
        if (number < 1 || number > stages.size()) {
            throw new IllegalArgumentException("job " + id + " has stages 1.." + stages.size() + ", not " + number);
        }
        return stages.get(number - 1);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing: a job spec needs a non-blank " + field);
        }
    }
}
