package io.mantis.master.job;

/**
 * Job-level rules shared by every event: moving the job forward as its workers progress, and ending it.
 *
 * <p>The job only moves forward: ACCEPTED becomes LAUNCHED once every current worker has been placed, LAUNCHED
 * becomes RUNNING once every current worker is STARTED (or COMPLETED). A replacement later going through ACCEPTED
 * again does not send the job back: the job's state says how far it has come, the workers say where they are now.
 * This keeps API clients and alerts from seeing a healthy job flap on every worker restart.
 */
final class Progress {

    private Progress() {
    }

    /** Applies the forward moves and the completion rule to an active draft; no-op for an ended one. */
    static void advance(JobDraft d, long now) {
        if (d.state().ended()) {
            return;
        }
        if (d.workers().stream().allMatch(w -> w.state() == WorkerState.COMPLETED)) {
            end(d, JobState.COMPLETED, "every worker completed", now);
            return;
        }
        if (d.state() == JobState.ACCEPTED && d.workers().stream().allMatch(Progress::placed)) {
            d.state(JobState.LAUNCHED);
            // Every address is known only now: let each stage's neighbours learn them all.
            d.spec().stages().forEach(s -> d.emit(new JobEffect.PushTopology(s.number())));
        }
        if (d.state() == JobState.LAUNCHED && d.workers().stream().allMatch(Progress::started)) {
            d.state(JobState.RUNNING);
        }
    }

    /**
     * Ends the job: every live worker is stopped (killed if placed, its placement cancelled if not), marked KILLED
     * with {@code workerReason}, and released if placed; then {@link JobEffect.JobEnded}.
     */
    static void end(JobDraft d, JobState end, String reason, long now) {
        String workerReason = end == JobState.KILLED ? reason : "job " + d.spec().id() + " ended " + end;
        for (Worker w : d.workers()) {
            if (w.live()) {
                stop(d, w, workerReason);
                d.put(w.ended(WorkerState.KILLED, workerReason, now));
            }
        }
        d.ended(end, reason, now);
        d.emit(new JobEffect.JobEnded(end, reason));
    }

    /** Emits what takes a live worker off the cluster: KillWorker and ReleaseWorker, or CancelPlacement. */
    static void stop(JobDraft d, Worker w, String reason) {
        if (w.placed()) {
            d.emit(new JobEffect.KillWorker(w.workerId(), w.agentId(), reason));
            d.emit(new JobEffect.ReleaseWorker(w.workerId()));
        } else {
            d.emit(new JobEffect.CancelPlacement(w.workerId()));
        }
    }

    private static boolean placed(Worker w) {
        return w.placed();
    }

    private static boolean started(Worker w) {
        return w.state() == WorkerState.STARTED || w.state() == WorkerState.COMPLETED;
    }
}
