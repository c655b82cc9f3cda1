package io.mantis.master.control;

import io.mantis.master.api.ApiException;
import io.mantis.master.api.Views.Machine;
import io.mantis.master.api.Views.StageSpec;
import io.mantis.master.artifacts.JobDescription;
import io.mantis.master.artifacts.JobDescription.ParameterDescription;
import io.mantis.master.artifacts.JobDescription.StageDescription;
import io.mantis.master.job.DurationType;
import io.mantis.master.job.JobSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a job's spec from the JAR's description, the cluster's defaults and the submit request, in that order of
 * precedence (request wins), and rejects what the job could not run with, naming the field.
 */
final class JobSpecs {

    private JobSpecs() {
    }

    static JobSpec build(String jobId, String cluster, String artifact, JobDescription job,
                         Map<String, String> clusterParameters, List<StageSpec> clusterStages,
                         Map<String, String> requestParameters, Map<Integer, Integer> requestWorkers,
                         String durationType, Long subscriptionTimeoutSeconds, Long runtimeLimitSeconds,
                         long now) {
        DurationType type = durationType(durationType);
        positive(subscriptionTimeoutSeconds, "subscriptionTimeoutSeconds");
        positive(runtimeLimitSeconds, "runtimeLimitSeconds");
        Map<String, String> parameters = new HashMap<>(clusterParameters == null ? Map.of() : clusterParameters);
        if (requestParameters != null) {
            parameters.putAll(requestParameters);
        }
        checkParameters(job, parameters);
        int stageCount = job.stages().size();
        if (clusterStages != null && !clusterStages.isEmpty() && clusterStages.size() != stageCount) {
            throw ApiException.badRequest("field 'stages': the cluster lists " + clusterStages.size()
                    + " stages but job '" + job.name() + "' has " + stageCount);
        }
        if (requestWorkers != null) {
            for (Map.Entry<Integer, Integer> e : requestWorkers.entrySet()) {
                if (e.getKey() == null || e.getKey() < 1 || e.getKey() > stageCount) {
                    throw ApiException.badRequest("field 'workers': stage " + e.getKey() + " does not exist; job '"
                            + job.name() + "' has stages 1.." + stageCount);
                }
                if (e.getValue() == null || e.getValue() < 1) {
                    throw ApiException.badRequest("field 'workers." + e.getKey() + "': worker count must be at least 1, got "
                            + e.getValue());
                }
            }
        }
        List<io.mantis.master.job.StageSpec> stages = new ArrayList<>();
        for (StageDescription d : job.stages()) {
            StageSpec override = clusterStages == null || clusterStages.isEmpty() ? null : clusterStages.get(d.number() - 1);
            int workers = d.workers();
            Machine m = new Machine(d.cpus(), d.memoryMB(), d.networkMbps(), d.diskMB());
            if (override != null) {
                workers = override.workers() > 0 ? override.workers() : workers;
                m = override.machine() != null ? override.machine() : m;
            }
            if (requestWorkers != null && requestWorkers.containsKey(d.number())) {
                workers = requestWorkers.get(d.number());
            }
            stages.add(new io.mantis.master.job.StageSpec(d.number(), d.name(), workers,
                    new io.mantis.master.job.MachineSpec(m.cpus(), m.memoryMB(), m.networkMbps(), m.diskMB())));
        }
        // A PERPETUAL job never ends for lack of clients: a cluster-wide timeout only applies to its TRANSIENT jobs.
        Long timeoutMillis = type == DurationType.TRANSIENT && subscriptionTimeoutSeconds != null
                ? subscriptionTimeoutSeconds * 1000 : null;
        Long limitMillis = runtimeLimitSeconds == null ? null : runtimeLimitSeconds * 1000;
        return new JobSpec(jobId, cluster, artifact, Map.copyOf(parameters), type, stages, now, timeoutMillis,
                limitMillis);
    }

    /** Seconds must be more than 0, and small enough to count in milliseconds (about 292 million years). */
    static void positive(Long seconds, String field) {
        if (seconds != null && (seconds <= 0 || seconds > Long.MAX_VALUE / 1000)) {
            throw ApiException.badRequest("field '" + field + "': must be a whole number of seconds more than 0, got "
                    + seconds + "; leave it out for the default");
        }
    }

    static DurationType durationType(String text) {
        if (text == null || text.isBlank()) {
            return DurationType.PERPETUAL;
        }
        try {
            return DurationType.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'durationType': '" + text + "' is not PERPETUAL or TRANSIENT");
        }
    }

    private static void checkParameters(JobDescription job, Map<String, String> given) {
        Set<String> known = new TreeSet<>();
        for (ParameterDescription p : job.parameters()) {
            known.add(p.name());
            if (p.required() && p.defaultValue() == null && !given.containsKey(p.name())) {
                throw ApiException.badRequest("field 'parameters." + p.name() + "': job '" + job.name()
                        + "' requires it (" + p.type() + (p.description() == null ? "" : ": " + p.description()) + ")");
            }
        }
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw ApiException.badRequest("field 'parameters." + name + "': job '" + job.name()
                        + "' has no such parameter; it knows " + (known.isEmpty() ? "none" : String.join(", ", known)));
            }
        }
    }
}
