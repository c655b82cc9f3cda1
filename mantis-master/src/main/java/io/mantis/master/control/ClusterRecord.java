package io.mantis.master.control;

import io.mantis.master.api.Views.Sla;
import io.mantis.master.api.Views.StageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job cluster as stored: the template jobs are submitted from.
 *
 * @param artifactVersions every artifact the cluster has had, oldest first; {@code artifact} is the current one
 * @param stages           per-stage overrides of the JAR's layout; empty keeps the JAR's
 * @param subscriptionTimeoutSeconds default for the cluster's TRANSIENT jobs; null for the master's default (60)
 * @param runtimeLimitSeconds        default runtime limit of the cluster's jobs; null for none
 */
// The last two are nullable so documents stored before they existed still load.
record ClusterRecord(String name, String artifact, List<String> artifactVersions, Map<String, String> parameters,
                     List<StageSpec> stages, Sla sla, String durationType, long createdAt, long updatedAt,
                     Long subscriptionTimeoutSeconds, Long runtimeLimitSeconds) {

    ClusterRecord {
        artifactVersions = List.copyOf(artifactVersions);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        stages = stages == null ? List.of() : List.copyOf(stages);
        sla = sla == null ? new Sla(0, 0, null) : sla;
    }

    ClusterRecord withArtifact(String sha, long now) {
        List<String> versions = new ArrayList<>(artifactVersions);
        versions.remove(sha);
        versions.add(sha);
        return new ClusterRecord(name, sha, versions, parameters, stages, sla, durationType, createdAt, now,
                subscriptionTimeoutSeconds, runtimeLimitSeconds);
    }
}
