package io.mantis.master.job;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What was submitted: never changes during the job's life (scaling changes {@link Job#stageWorkers()} instead).
 *
 * @param artifact   the job JAR's SHA-256, 64 lower-case hex digits
 * @param parameters parameter values as text; null means none
 * @param stages     numbered 1, 2, … in order
 * @param subscriptionTimeoutMillis TRANSIENT only: the job ends once no client has been subscribed to its sink for
 *                   this long; null means the default, {@link #DEFAULT_SUBSCRIPTION_TIMEOUT}. Always null for
 *                   PERPETUAL jobs, which never end for lack of clients.
 * @param runtimeLimitMillis the job ends this long after it was submitted, whatever its type; null for no limit
 * @throws IllegalArgumentException naming the field and value when one is missing or malformed
 */
// The durations are stored as milliseconds so the stored JSON needs no Jackson modules (see the package docs).
public record JobSpec(String id, String cluster, String artifact, Map<String, String> parameters,
                      DurationType durationType, List<StageSpec> stages, long submittedAt,
                      Long subscriptionTimeoutMillis, Long runtimeLimitMillis) {

    /** How long a TRANSIENT job may go without a subscribed client when its submitter did not say. */
    public static final Duration DEFAULT_SUBSCRIPTION_TIMEOUT = Duration.ofSeconds(60);

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
        if (subscriptionTimeoutMillis != null && durationType == DurationType.PERPETUAL) {
            throw new IllegalArgumentException("job " + id + ": subscriptionTimeout applies to TRANSIENT jobs only;"
                    + " a PERPETUAL job runs until killed");
        }
        requirePositive(subscriptionTimeoutMillis, "subscriptionTimeout");
        requirePositive(runtimeLimitMillis, "runtimeLimit");
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).number() != i + 1) {
                throw new IllegalArgumentException("job " + id + ": stages must be numbered 1.." + stages.size()
                        + " in order, but position " + (i + 1) + " holds stage " + stages.get(i).number());
            }
        }
    }

    /** A spec with the default subscription timeout (TRANSIENT) and no runtime limit. */
    public JobSpec(String id, String cluster, String artifact, Map<String, String> parameters,
                   DurationType durationType, List<StageSpec> stages, long submittedAt) {
        this(id, cluster, artifact, parameters, durationType, stages, submittedAt, null, null);
    }

    /**
     * How long this job may go without a subscribed client: the given timeout or the default for a TRANSIENT job,
     * empty for a PERPETUAL one.
     */
    public Optional<Duration> subscriptionTimeout() {
        if (durationType != DurationType.TRANSIENT) {
            return Optional.empty();
        }
        return Optional.of(subscriptionTimeoutMillis == null ? DEFAULT_SUBSCRIPTION_TIMEOUT
                : Duration.ofMillis(subscriptionTimeoutMillis));
    }

    /** How long after submission the job ends by itself; empty for no limit. */
    public Optional<Duration> runtimeLimit() {
        return Optional.ofNullable(runtimeLimitMillis).map(Duration::ofMillis);
    }

    /** @throws IllegalArgumentException when there is no stage {@code number} */
    public StageSpec stage(int number) {
        if (number < 1 || number > stages.size()) {
            throw new IllegalArgumentException("job " + id + " has stages 1.." + stages.size() + ", not " + number);
        }
        return stages.get(number - 1);
    }

    private static void requirePositive(Long millis, String field) {
        if (millis != null && millis <= 0) {
            throw new IllegalArgumentException(field + " must be more than zero, got " + millis + " ms; leave it out"
                    + " for the default");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing: a job spec needs a non-blank " + field);
        }
    }
}
