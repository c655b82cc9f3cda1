package io.mantis.master.control;

import io.mantis.master.api.ApiException;
import io.mantis.master.api.Views.ClusterSpec;
import io.mantis.master.api.Views.Sla;
import io.mantis.master.artifacts.ArtifactInfo;
import io.mantis.master.artifacts.ArtifactStore;
import io.mantis.master.cluster.CronSchedule;
import io.mantis.master.job.DurationType;
import io.mantis.master.job.Job;
import io.mantis.master.job.JobEvent;
import io.mantis.master.job.JobSpec;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job clusters: the templates jobs are submitted from, their SLA (keep at least {@code min} jobs running, at most
 * {@code max}) and their cron schedules. Confined to the control loop.
 */
final class ClusterManager {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterManager.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    private final JobRepository repository;
    private final ArtifactStore artifacts;
    private final JobManager jobs;
    private final Clock clock;
    private final Map<String, ClusterRecord> clusters = new TreeMap<>();
    private final Map<String, ZonedDateTime> nextCronTick = new HashMap<>();

    ClusterManager(JobRepository repository, ArtifactStore artifacts, JobManager jobs, Clock clock) {
        this.repository = repository;
        this.artifacts = artifacts;
        this.jobs = jobs;
        this.clock = clock;
    }

    void recover() {
        repository.loadClusters().forEach(c -> clusters.put(c.name(), c));
        clusters.values().forEach(this::planCron);
    }

    List<ClusterRecord> list() {
        return List.copyOf(clusters.values());
    }

    ClusterRecord get(String name) {
        ClusterRecord c = clusters.get(name);
        if (c == null) {
            throw ApiException.notFound("no job cluster named '" + name + "'; 'mantis cluster list' shows them");
        }
        return c;
    }

    Optional<ClusterRecord> find(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    ClusterRecord create(ClusterSpec spec) {
        if (spec == null || spec.name() == null || !NAME.matcher(spec.name()).matches()) {
            throw ApiException.badRequest("field 'name': '" + (spec == null ? null : spec.name())
                    + "' is not a valid cluster name (a letter, then up to 63 letters, digits, '_', '.' or '-')");
        }
        if (clusters.containsKey(spec.name())) {
            throw ApiException.conflict("job cluster '" + spec.name() + "' already exists; update it instead");
        }
        if (spec.artifact() == null) {
            throw ApiException.badRequest("field 'artifact': required (the SHA-256 of an uploaded job JAR)");
        }
        ArtifactInfo artifact = artifact(spec.artifact());
        checkSla(spec.sla());
        JobSpecs.durationType(spec.durationType());
        long now = clock.millis();
        ClusterRecord c = new ClusterRecord(spec.name(), artifact.sha256(), List.of(artifact.sha256()),
                spec.parameters(), spec.stages(), spec.sla(),
                JobSpecs.durationType(spec.durationType()).name(), now, now, spec.subscriptionTimeoutSeconds(),
                spec.runtimeLimitSeconds());
        // The layout and parameters must fit the JAR now, not at the first submission.
        JobSpecs.build("check", c.name(), c.artifact(), artifact.job(), c.parameters(), c.stages(), Map.of(), Map.of(),
                c.durationType(), c.subscriptionTimeoutSeconds(), c.runtimeLimitSeconds(), now);
        save(c);
        return c;
    }

    ClusterRecord update(String name, ClusterSpec spec) {
        ClusterRecord c = get(name);
        long now = clock.millis();
        if (spec.artifact() != null) {
            c = c.withArtifact(artifact(spec.artifact()).sha256(), now);
        }
        checkSla(spec.sla());
        c = new ClusterRecord(c.name(), c.artifact(), c.artifactVersions(),
                spec.parameters() != null ? spec.parameters() : c.parameters(),
                spec.stages() != null ? spec.stages() : c.stages(),
                spec.sla() != null ? spec.sla() : c.sla(),
                spec.durationType() != null ? JobSpecs.durationType(spec.durationType()).name() : c.durationType(),
                c.createdAt(), now,
                spec.subscriptionTimeoutSeconds() != null ? spec.subscriptionTimeoutSeconds()
                        : c.subscriptionTimeoutSeconds(),
                spec.runtimeLimitSeconds() != null ? spec.runtimeLimitSeconds() : c.runtimeLimitSeconds());
        JobSpecs.build("check", c.name(), c.artifact(), artifact(c.artifact()).job(), c.parameters(), c.stages(),
                Map.of(), Map.of(), c.durationType(), c.subscriptionTimeoutSeconds(), c.runtimeLimitSeconds(), now);
        save(c);
        return c;
    }

    void delete(String name) {
        get(name);
        List<String> active = activeJobs(name).stream().map(j -> j.spec().id()).toList();
        if (!active.isEmpty()) {
            throw ApiException.conflict("job cluster '" + name + "' still has active jobs " + active
                    + "; kill them first");
        }
        repository.deleteCluster(name);
        clusters.remove(name);
        nextCronTick.remove(name);
    }

    /**
     * Submits a job of the cluster; {@code artifact} null uses the cluster's current one, and null timeouts the
     * cluster's.
     */
    Job submit(String name, String artifact, Map<String, String> parameters, Map<Integer, Integer> workers,
               String durationType, Long subscriptionTimeoutSeconds, Long runtimeLimitSeconds) {
        ClusterRecord c = get(name);
        String sha = artifact != null ? artifact : c.artifact();
        ArtifactInfo info = artifact(sha);
        String type = durationType != null ? durationType : c.durationType();
        if (subscriptionTimeoutSeconds != null && JobSpecs.durationType(type) != DurationType.TRANSIENT) {
            throw ApiException.badRequest("field 'subscriptionTimeoutSeconds': only TRANSIENT jobs end when nobody is"
                    + " subscribed, and this job would be " + JobSpecs.durationType(type)
                    + "; set durationType TRANSIENT or leave the field out");
        }
        Long timeout = subscriptionTimeoutSeconds != null ? subscriptionTimeoutSeconds : c.subscriptionTimeoutSeconds();
        Long limit = runtimeLimitSeconds != null ? runtimeLimitSeconds : c.runtimeLimitSeconds();
        long now = clock.millis();
        // Validate before a job number is spent.
        JobSpecs.build("check", name, sha, info.job(), c.parameters(), c.stages(), parameters, workers, type,
                timeout, limit, now);
        String jobId = name + "-" + repository.nextJobNumber(name);
        JobSpec spec = JobSpecs.build(jobId, name, sha, info.job(), c.parameters(), c.stages(), parameters, workers,
                type, timeout, limit, now);
        Job job = jobs.submit(spec);
        LOG.info("job {} submitted: {} stages, {} workers, {}", jobId, spec.stages().size(),
                spec.stages().stream().mapToInt(s -> s.workers()).sum(), spec.durationType());
        enforceMax(c);
        return job;
    }

    /** Keeps every cluster's SLA and fires due cron ticks; run periodically and after a job ends. */
    void enforce() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        for (ClusterRecord c : List.copyOf(clusters.values())) {
            ZonedDateTime tick = nextCronTick.get(c.name());
            if (tick != null && !tick.isAfter(now)) {
                LOG.info("cron '{}' of cluster {} fired", c.sla().cron(), c.name());
                trySubmit(c, "cron");
                planCron(c);
            }
            int missing = c.sla().min() - activeJobs(c.name()).size();
            for (int i = 0; i < missing; i++) {
                trySubmit(c, "SLA min " + c.sla().min());
            }
        }
    }

    List<Job> activeJobs(String cluster) {
        return jobs.jobs().stream()
                .filter(j -> j.spec().cluster().equals(cluster) && j.active()).toList();
    }

    private void trySubmit(ClusterRecord c, String why) {
        try {
            Job job = submit(c.name(), null, Map.of(), Map.of(), null, null, null);
            LOG.info("submitted {} for cluster {} ({})", job.spec().id(), c.name(), why);
        } catch (RuntimeException e) {
            LOG.warn("could not submit a job of cluster {} ({}): {}", c.name(), why, e.getMessage());
        }
    }

    private void enforceMax(ClusterRecord c) {
        int max = c.sla().max();
        if (max <= 0) {
            return;
        }
        List<Job> active = activeJobs(c.name()).stream()
                .sorted(Comparator.comparingLong(j -> j.spec().submittedAt())).toList();
        for (int i = 0; i < active.size() - max; i++) {
            String id = active.get(i).spec().id();
            LOG.info("killing {}: cluster {} allows at most {} running jobs", id, c.name(), max);
            jobs.apply(id, new JobEvent.KillRequested("cluster " + c.name() + " allows at most " + max
                    + " running jobs (SLA max)"));
        }
    }

    private void save(ClusterRecord c) {
        repository.saveCluster(c);
        clusters.put(c.name(), c);
        planCron(c);
    }

    private void planCron(ClusterRecord c) {
        if (c.sla().cron() == null || c.sla().cron().isBlank()) {
            nextCronTick.remove(c.name());
            return;
        }
        nextCronTick.put(c.name(), CronSchedule.parse(c.sla().cron()).next(ZonedDateTime.now(clock)));
    }

    private ArtifactInfo artifact(String sha) {
        return artifacts.get(sha).orElseThrow(() -> ApiException.badRequest("field 'artifact': no artifact with SHA-256 "
                + sha + "; upload the JAR first (POST /api/v1/artifacts or 'mantis job submit <jar>')"));
    }

    private static void checkSla(Sla sla) {
        if (sla == null) {
            return;
        }
        if (sla.min() < 0 || sla.max() < 0 || (sla.max() > 0 && sla.min() > sla.max())) {
            throw ApiException.badRequest("field 'sla': min " + sla.min() + " and max " + sla.max()
                    + " must be >= 0 with min <= max (max 0 means no limit)");
        }
        if (sla.cron() != null && !sla.cron().isBlank()) {
            try {
                CronSchedule.parse(sla.cron());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("field 'sla.cron': " + e.getMessage());
            }
        }
    }
}
