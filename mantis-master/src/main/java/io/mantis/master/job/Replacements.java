package io.mantis.master.job;

/**
 * Replacing failed workers: backoff, the count of failures in a row per index, and failing the job when an index
 * keeps failing.
 */
final class Replacements {

    private final RetryPolicy policy;

    Replacements(RetryPolicy policy) {
        this.policy = policy;
    }

    /**
     * Ends the live worker {@code w} in {@code end} (FAILED, LOST or KILLED) and queues its replacement after a
     * backoff, or fails the job when this index has now failed {@code maxConsecutiveFailures} times in a row.
     */
    void fail(JobDraft d, Worker w, WorkerState end, String reason, long now) {
        d.put(w.ended(end, reason, now));
        if (w.placed()) {
            d.emit(new JobEffect.ReleaseWorker(w.workerId()));
        }
        int failures = stable(w, now) ? 1 : w.failures() + 1;
        if (failures >= policy.maxConsecutiveFailures()) {
            String why = "worker " + w.workerId() + " failed " + failures + " times in a row; last: " + reason;
            Progress.end(d, JobState.FAILED, why, now);
            return;
        }
        long delay = policy.delayMillis(failures);
        d.put(w.replacement(failures, now + delay));
        d.emit(new JobEffect.ScheduleRetry(w.stage(), w.index(), delay));
    }

    /** Replaces {@code w} at once, keeping its failure count: for a resubmit asked for by a user. */
    static void replaceNow(JobDraft d, Worker w, String reason, long now) {
        if (w.live()) {
            Progress.stop(d, w, reason);
        }
        Worker next = w.replacement(w.failures(), null);
        d.put(next);
        d.emit(d.placement(next));
    }

    // A worker that ran long enough starts a new row of failures: it was not crash-looping.
    private boolean stable(Worker w, long now) {
        return w.state() == WorkerState.STARTED && w.startedAt() != null
                && now - w.startedAt() >= policy.stableAfter().toMillis();
    }
}
