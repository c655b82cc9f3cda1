package io.mantis.master.job;

import io.mantis.master.job.IllegalTransitionException.Kind;
import io.mantis.master.job.JobEvent.KillRequested;
import io.mantis.master.job.JobEvent.ResubmitRequested;
import io.mantis.master.job.JobEvent.ScaleRequested;
import io.mantis.protocol.WorkerId;

/**
 * What users ask of a job: kill it, scale a stage, resubmit a worker. Unlike worker reports these are checked
 * strictly: a request the job cannot take throws {@link IllegalTransitionException}, so an API can say why.
 */
final class UserActions {

    private static final String DEFAULT_KILL_REASON = "killed on request";

    private UserActions() {
    }

    static JobDraft kill(Job job, KillRequested e, long now) {
        requireActive(job, "kill");
        JobDraft d = new JobDraft(job);
        String reason = e.reason() == null || e.reason().isBlank() ? DEFAULT_KILL_REASON : e.reason();
        Progress.end(d, JobState.KILLED, reason, now);
        return d;
    }

    /**
     * Scales a stage: new indexes are queued for placement; the highest indexes are stopped and retired. Asking for
     * the current count changes nothing and returns null.
     */
    static JobDraft scale(Job job, ScaleRequested e, long now) {
        requireActive(job, "scale");
        int stages = job.spec().stages().size();
        if (e.stage() < 1 || e.stage() > stages) {
            throw new IllegalTransitionException(Kind.INVALID, "job " + job.id() + " has stages 1.." + stages
                    + "; cannot scale stage " + e.stage());
        }
        if (e.workers() < 1) {
            throw new IllegalTransitionException(Kind.INVALID, "job " + job.id() + ": stage " + e.stage()
                    + " needs at least 1 worker, got " + e.workers() + "; kill the job to stop it");
        }
        int from = job.workerCount(e.stage());
        if (e.workers() == from) {
            return null;
        }
        JobDraft d = new JobDraft(job);
        for (int index = from; index < e.workers(); index++) {
            Worker added = added(d, job.id(), e.stage(), index);
            d.put(added);
            d.emit(d.placement(added));
        }
        for (int index = from - 1; index >= e.workers(); index--) {
            Worker w = d.current(e.stage(), index).orElseThrow();
            String reason = "stage " + e.stage() + " scaled down to " + e.workers() + " workers";
            if (w.live()) {
                Progress.stop(d, w, reason);
                w = w.ended(WorkerState.KILLED, reason, now);
            }
            d.retire(w);
        }
        d.count(e.stage(), e.workers());
        d.emit(new JobEffect.PushTopology(e.stage()));
        return d;
    }

    static JobDraft resubmit(Job job, ResubmitRequested e, long now) {
        requireActive(job, "resubmit a worker of");
        Worker w = job.worker(e.workerId()).orElseThrow(() -> new IllegalTransitionException(Kind.UNKNOWN_WORKER,
                "job " + job.id() + " has no current worker " + e.workerId() + "; current workers of stage "
                        + e.workerId().stage() + ": " + job.workers(e.workerId().stage()).stream()
                        .map(x -> x.workerId().toString()).toList()));
        JobDraft d = new JobDraft(job);
        Replacements.replaceNow(d, w, "resubmitted on request", now);
        return d;
    }

    // An index used before continues its numbering, so no worker id is ever reused.
    private static Worker added(JobDraft d, String jobId, int stage, int index) {
        return d.unretire(stage, index)
                .map(old -> Worker.accepted(old.workerId().next(), old.attempt() + 1, 0, null))
                .orElseGet(() -> Worker.accepted(new WorkerId(jobId, stage, index, 1), 1, 0, null));
    }

    private static void requireActive(Job job, String action) {
        if (!job.active()) {
            throw new IllegalTransitionException(Kind.ENDED, "job " + job.id() + " has already ended ("
                    + job.state() + "); cannot " + action + " it");
        }
    }
}
