package io.mantis.master.control;

import io.mantis.master.job.Job;
import io.mantis.master.job.Worker;
import io.mantis.protocol.WorkerId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides when a job has run its course: a TRANSIENT job once no client has been subscribed to its sink for its
 * subscription timeout, any job once its runtime limit has passed since it was submitted.
 *
 * <p>The subscriber count of a job is the sum of the latest counts reported by its current, live workers of the last
 * stage (the sink); reports of replaced or ended workers no longer count. "Nobody subscribed" is counted from the
 * moment the job was first {@linkplain #track tracked} (its submission) while nobody has connected yet, and from the
 * moment the last client left afterwards.
 *
 * <p>Pure: no clock and no I/O; every call takes {@code now} (epoch ms). Not thread-safe: confined to the control loop.
 * Arguments must not be null.
 */
final class SubscriptionWatch {

    /** What the watch knows of one job now. */
    record Status(int subscribers, Long endsAt, String expiredReason) {

        static final Status ENDED = new Status(0, null, null);

        /** True when the job must end now; {@link #expiredReason} says why. */
        boolean expired() {
            return expiredReason != null;
        }
    }

    private final Map<String, Map<WorkerId, Integer>> reports = new HashMap<>();
    /** Since when each tracked job has had no subscriber; absent while someone is subscribed. */
    private final Map<String, Long> noneSince = new HashMap<>();
    private final Map<String, Boolean> tracked = new HashMap<>();

    /**
     * Starts watching {@code job} as having had nobody subscribed since {@code since}: its submission time, or, for a
     * job a new leader recovers, the recovery time (the old leader's view is lost, so the job gets a full timeout).
     * Tracking a job again changes nothing.
     */
    void track(Job job, long since) {
        if (tracked.putIfAbsent(job.id(), Boolean.TRUE) == null) {
            noneSince.put(job.id(), since);
        }
    }

    /** Records a heartbeat's subscriber count; a negative count is taken as 0. */
    void heartbeat(WorkerId worker, int subscribers) {
        if (tracked.containsKey(worker.jobId())) {
            reports.computeIfAbsent(worker.jobId(), k -> new HashMap<>()).put(worker, Math.max(0, subscribers));
        }
    }

    /** Stops watching a job, typically because it ended. */
    void forget(String jobId) {
        tracked.remove(jobId);
        reports.remove(jobId);
        noneSince.remove(jobId);
    }

    /**
     * Brings the job's "nobody subscribed since" up to date and says how things stand: the current subscriber count,
     * when the job will end if nothing changes (null when it will not end by itself), and whether it must end now.
     * An ended or untracked job gets {@link Status#ENDED}.
     */
    Status status(Job job, long now) {
        if (!job.active() || !tracked.containsKey(job.id())) {
            return Status.ENDED;
        }
        int subscribers = subscribers(job);
        if (subscribers > 0) {
            noneSince.remove(job.id());
        } else {
            noneSince.putIfAbsent(job.id(), now);
        }
        Long idleEnd = null;
        Optional<Duration> timeout = job.spec().subscriptionTimeout();
        if (timeout.isPresent() && subscribers == 0) {
            idleEnd = noneSince.get(job.id()) + timeout.get().toMillis();
        }
        Long limitEnd = job.spec().runtimeLimit().map(l -> job.spec().submittedAt() + l.toMillis()).orElse(null);
        String reason = null;
        if (limitEnd != null && now >= limitEnd) {
            reason = "runtime limit of " + text(job.spec().runtimeLimit().get()) + " reached";
        } else if (idleEnd != null && now >= idleEnd) {
            reason = "no client subscribed for " + text(timeout.get());
        }
        return new Status(subscribers, earliest(idleEnd, limitEnd), reason);
    }

    private int subscribers(Job job) {
        Map<WorkerId, Integer> byWorker = reports.getOrDefault(job.id(), Map.of());
        int sinkStage = job.spec().stages().size();
        int total = 0;
        for (Worker w : job.workers(sinkStage)) {
            if (w.live()) {
                total += byWorker.getOrDefault(w.workerId(), 0);
            }
        }
        return total;
    }

    private static Long earliest(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.min(a, b);
    }

    /** "45 s", "90 s", "10 min", "3 h", "1500 ms": exact, in the largest unit that reads naturally. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 120 || s % 60 != 0) {
            return s + " s";
        }
        long m = s / 60;
        if (m < 120 || m % 60 != 0) {
            return m + " min";
        }
        return m / 60 + " h";
    }
}
