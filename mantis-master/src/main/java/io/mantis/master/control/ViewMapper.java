package io.mantis.master.control;

import io.mantis.master.api.Views.ArtifactView;
import io.mantis.master.api.Views.ClusterView;
import io.mantis.master.api.Views.JobView;
import io.mantis.master.api.Views.Machine;
import io.mantis.master.api.Views.StageView;
import io.mantis.master.api.Views.WorkerView;
import io.mantis.master.pools.ScaleEvent;
import io.mantis.master.pools.PoolStatus;
import io.mantis.master.pools.PoolRule;
import io.mantis.master.api.Views.ScaleEventView;
import io.mantis.master.api.Views.PoolView;
import io.mantis.master.api.Views.PoolRuleView;
import io.mantis.master.artifacts.ArtifactInfo;
import io.mantis.master.job.Job;
import io.mantis.master.job.StageSpec;
import io.mantis.master.job.Worker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Internal records to the REST API's documents. */
final class ViewMapper {

    private ViewMapper() {
    }

    /**
     * @param subscribers the job's current subscriber count
     * @param endsAt      when it ends by itself if nothing changes; null when it will not
     */
    static JobView job(Job job, int subscribers, Long endsAt) {
        List<StageView> stages = new ArrayList<>();
        for (StageSpec s : job.spec().stages()) {
            var m = s.machine();
            stages.add(new StageView(s.number(), s.name(), job.workerCount(s.number()),
                    new Machine(m.cpus(), m.memoryMB(), m.networkMbps(), m.diskMB())));
        }
        List<WorkerView> workers = job.workers().stream()
                .sorted(Comparator.comparingInt(Worker::stage).thenComparingInt(Worker::index))
                .map(ViewMapper::worker).toList();
        return new JobView(job.spec().id(), job.spec().cluster(), job.state().name(),
                job.spec().durationType().name(), job.spec().durationType().pool(), job.spec().artifact(),
                job.spec().parameters(), stages, workers, job.spec().submittedAt(), job.endedAt(), job.reason(),
                subscribers, seconds(job.spec().subscriptionTimeout().orElse(null)),
                seconds(job.spec().runtimeLimit().orElse(null)), endsAt);
    }

    private static Long seconds(java.time.Duration d) {
        return d == null ? null : d.toSeconds();
    }

    static WorkerView worker(Worker w) {
        return new WorkerView(w.workerId().toString(), w.stage(), w.index(), w.number(), w.state().name(), w.agentId(), w.host(),
                w.dataPort(), w.sinkPort(), w.adminPort(), w.attempt(), w.launchedAt(), w.startedAt(), w.endedAt(),
                w.reason());
    }

    static ClusterView cluster(ClusterRecord c, List<String> activeJobs) {
        return new ClusterView(c.name(), c.artifact(), c.artifactVersions(), c.parameters(), c.stages(), c.sla(),
                c.durationType(), activeJobs, c.createdAt(), c.updatedAt(), c.subscriptionTimeoutSeconds(),
                c.runtimeLimitSeconds());
    }

    static ArtifactView artifact(ArtifactInfo a) {
        return new ArtifactView(a.sha256(), a.size(), a.fileName(), a.uploadedAt(), a.job());
    }

    static PoolView pool(PoolStatus p) {
        PoolRule r = p.rule();
        PoolRuleView rule = r == null ? null
                : new PoolRuleView(r.minIdle(), r.maxIdle(), r.coolDown().toSeconds(), r.minSize(), r.maxSize());
        return new PoolView(p.pool(), rule, p.agents(), p.requested());
    }

    static ScaleEventView scaleEvent(ScaleEvent e) {
        return new ScaleEventView(e.time().toEpochMilli(), e.pool(), e.action(), e.agentIds(), e.count(),
                e.reason());
    }
}
