package io.mantis.master.job;

import static io.mantis.master.job.JobFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.job.JobEffect.CancelPlacement;
import io.mantis.master.job.JobEffect.JobEnded;
import io.mantis.master.job.JobEffect.KillWorker;
import io.mantis.master.job.JobEffect.PlaceWorker;
import io.mantis.master.job.JobEffect.PushTopology;
import io.mantis.master.job.JobEffect.ReleaseWorker;
import io.mantis.master.job.JobEffect.ScheduleRetry;
import io.mantis.master.job.JobEvent.Exited;
import io.mantis.master.job.JobEvent.Failed;
import io.mantis.master.job.JobEvent.Heartbeat;
import io.mantis.master.job.JobEvent.Lost;
import io.mantis.master.job.JobEvent.RetryDue;
import io.mantis.protocol.WorkerId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerFailureTest {

    @Test
    void nonZeroExitEndsTheWorkerAndQueuesAReplacementAfterTheBaseBackoff() {
        JobFixture f = JobFixture.perpetual(2);
        f.startAll();
        f.now += 5_000;

        f.apply(new Exited(id(1, 1, 1), 137, "OutOfMemoryError"));

        assertEquals(List.of(new ReleaseWorker(id(1, 1, 1)), new ScheduleRetry(1, 1, 1_000)), f.effects);
        Worker next = f.worker(1, 1);
        assertEquals(id(1, 1, 2), next.workerId());
        assertEquals(WorkerState.ACCEPTED, next.state());
        assertEquals(2, next.attempt());
        assertEquals(1, next.failures());
        assertEquals(f.now + 1_000, next.retryAt());
        assertFalse(next.placed());
        assertNull(next.reason());
        assertEquals(JobState.RUNNING, f.job.state(), "a replacement does not send the job back");
        // The ended worker is no longer current: reports about it are late and ignored.
        f.ignored(new Exited(id(1, 1, 1), 137, null));
        f.ignored(new Heartbeat(id(1, 1, 1)));
    }

    @Test
    void failedAndLostWorkersEndWithTheirReasonAndAreReplaced() {
        JobFixture f = JobFixture.perpetual(2);
        f.startAll();

        f.apply(new Failed(id(1, 0, 1), "memory limit exceeded"));
        assertEquals(id(1, 0, 2), f.worker(1, 0).workerId());
        assertEquals(new ScheduleRetry(1, 0, 1_000), f.effects.get(1));

        f.apply(new Lost(id(1, 1, 1), "agent agent-1 silent for 10 s"));
        assertEquals(id(1, 1, 2), f.worker(1, 1).workerId());
        assertEquals(List.of(new ReleaseWorker(id(1, 1, 1)), new ScheduleRetry(1, 1, 1_000)), f.effects);
    }

    @Test
    void retryDuePlacesTheReplacementOnceAndItsPlacementPushesTheStagesTopology() {
        JobFixture f = JobFixture.perpetual(1, 1);
        f.startAll();
        f.apply(new Exited(id(1, 0, 1), 1, null));
        f.ignored(new JobEvent.Placed(id(1, 0, 2), "agent-0", "127.0.0.1", 1, 2, 3)); // still backing off

        f.now += 1_000;
        f.apply(new RetryDue(1, 0));
        Worker next = f.worker(1, 0);
        assertEquals(List.of(new PlaceWorker(next, "perpetual", JobFixture.MACHINE, 0)), f.effects);
        assertNull(next.retryAt());
        f.ignored(new RetryDue(1, 0)); // a repeated timer must not queue it twice

        f.place(id(1, 0, 2));
        assertEquals(List.of(new PushTopology(1)), f.effects);
        assertEquals(WorkerState.LAUNCHED, f.worker(1, 0).state());
        f.apply(new Heartbeat(id(1, 0, 2)));
        assertEquals(JobState.RUNNING, f.job.state());
    }

    @Test
    void backoffDoublesWithEachFailureInARowUpToTheMax() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 10, Duration.ofSeconds(60));
        JobFixture f = new JobFixture(policy, JobFixture.spec(DurationType.PERPETUAL, 1));
        long[] expected = {1_000, 2_000, 4_000, 5_000, 5_000};
        for (int i = 0; i < expected.length; i++) {
            WorkerId current = f.worker(1, 0).workerId();
            if (i > 0) {
                f.apply(new RetryDue(1, 0));
            }
            f.place(current);
            f.apply(new Exited(current, 1, null));
            assertEquals(new ScheduleRetry(1, 0, expected[i]), f.effects.get(f.effects.size() - 1),
                    "after failure " + (i + 1));
            assertEquals(i + 1, f.job.failures(1, 0));
        }
    }

    @Test
    void aFailureAfterRunningStablyStartsANewRow() {
        JobFixture f = JobFixture.perpetual(1);
        f.startAll();
        f.apply(new Exited(id(1, 0, 1), 1, null));
        f.apply(new RetryDue(1, 0));
        f.place(id(1, 0, 2));
        f.apply(new Heartbeat(id(1, 0, 2)));
        f.apply(new Exited(id(1, 0, 2), 1, null));
        assertEquals(new ScheduleRetry(1, 0, 2_000), f.effects.get(1), "second failure in a row");

        f.apply(new RetryDue(1, 0));
        f.place(id(1, 0, 3));
        f.apply(new Heartbeat(id(1, 0, 3)));
        f.now += 60_000; // exactly stableAfter
        f.apply(new Lost(id(1, 0, 3), "heartbeat timeout"));
        assertEquals(new ScheduleRetry(1, 0, 1_000), f.effects.get(1));
        assertEquals(1, f.job.failures(1, 0));
        assertEquals(4, f.worker(1, 0).attempt());
    }

    @Test
    void aFailureJustBeforeStableAfterStillCountsInTheRow() {
        JobFixture f = JobFixture.perpetual(1);
        f.startAll();
        f.now += 59_999;
        f.apply(new Exited(id(1, 0, 1), 1, null));
        f.apply(new RetryDue(1, 0));
        f.place(id(1, 0, 2));
        f.apply(new Heartbeat(id(1, 0, 2)));
        f.now += 59_999;
        f.apply(new Exited(id(1, 0, 2), 1, null));
        assertEquals(new ScheduleRetry(1, 0, 2_000), f.effects.get(1));
    }

    @Test
    void anIndexFailingMaxTimesInARowFailsTheJobAndStopsEveryOtherWorker() {
        JobFixture f = JobFixture.perpetual(1, 2);
        f.startAll();
        WorkerId crashing = id(2, 0, 1);
        for (int i = 1; i < 5; i++) {
            f.apply(new Exited(crashing, 1, null));
            crashing = crashing.next();
            f.apply(new RetryDue(2, 0));
            f.place(crashing);
        }
        assertEquals(JobState.RUNNING, f.job.state());
        // Stop one other worker's replacement before it is placed, to see its placement cancelled.
        f.apply(new Lost(id(1, 0, 1), "agent gone"));

        f.now += 3;
        f.apply(new Exited(crashing, 1, null));

        String reason = "worker word-count-1-2-0-5 failed 5 times in a row; last: exited with code 1";
        assertEquals(JobState.FAILED, f.job.state());
        assertEquals(reason, f.job.reason());
        assertEquals(f.now, f.job.endedAt());
        String workerReason = "job word-count-1 ended FAILED";
        assertEquals(List.of(
                new ReleaseWorker(crashing),
                new CancelPlacement(id(1, 0, 2)),
                new KillWorker(id(2, 1, 1), "agent-1", workerReason),
                new ReleaseWorker(id(2, 1, 1)),
                new JobEnded(JobState.FAILED, reason)), f.effects);
        assertEquals(WorkerState.FAILED, f.worker(2, 0).state());
        assertEquals("exited with code 1", f.worker(2, 0).reason());
        assertEquals(id(2, 0, 5), f.worker(2, 0).workerId(), "no replacement after the last failure");
        assertEquals(WorkerState.KILLED, f.worker(2, 1).state());
        assertEquals(workerReason, f.worker(2, 1).reason());
        assertEquals(WorkerState.KILLED, f.worker(1, 0).state());
        assertTrue(f.job.workers().stream().noneMatch(Worker::live));
    }

    @Test
    void aWorkerThatFailsBeforeBeingPlacedIsReplacedWithoutARelease() {
        JobFixture f = JobFixture.perpetual(1);
        f.apply(new Failed(id(1, 0, 1), "no agent can fit 1 cpu"));
        assertEquals(List.of(new ScheduleRetry(1, 0, 1_000)), f.effects);
        assertEquals(JobState.ACCEPTED, f.job.state());
    }

    @Test
    void anUnrequestedKillIsReplacedLikeAFailure() {
        JobFixture f = JobFixture.perpetual(1);
        f.startAll();
        f.apply(new JobEvent.Killed(id(1, 0, 1)));
        assertEquals(List.of(new ReleaseWorker(id(1, 0, 1)), new ScheduleRetry(1, 0, 1_000)), f.effects);
        assertEquals(id(1, 0, 2), f.worker(1, 0).workerId());
    }

    @Test
    void aFailureWhileTheJobIsStillAcceptedDoesNotBlockItsLaunch() {
        JobFixture f = JobFixture.perpetual(2);
        f.place(id(1, 0, 1));
        f.apply(new Exited(id(1, 0, 1), 1, null));
        f.place(id(1, 1, 1));
        assertEquals(JobState.ACCEPTED, f.job.state(), "the replacement is not placed yet");
        f.apply(new RetryDue(1, 0));
        f.place(id(1, 0, 2));
        assertEquals(JobState.LAUNCHED, f.job.state());
        assertTrue(f.effects.contains(new PushTopology(1)));
    }
}
