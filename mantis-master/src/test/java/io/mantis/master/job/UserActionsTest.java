package io.mantis.master.job;

import static io.mantis.master.job.JobFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.job.IllegalTransitionException.Kind;
import io.mantis.master.job.JobEffect.CancelPlacement;
import io.mantis.master.job.JobEffect.JobEnded;
import io.mantis.master.job.JobEffect.KillWorker;
import io.mantis.master.job.JobEffect.PlaceWorker;
import io.mantis.master.job.JobEffect.PushTopology;
import io.mantis.master.job.JobEffect.ReleaseWorker;
import io.mantis.master.job.JobEvent.Exited;
import io.mantis.master.job.JobEvent.KillRequested;
import io.mantis.master.job.JobEvent.Killed;
import io.mantis.master.job.JobEvent.ResubmitRequested;
import io.mantis.master.job.JobEvent.ScaleRequested;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserActionsTest {

    @Test
    void killStopsPlacedWorkersAndCancelsUnplacedOnesThenEndsTheJob() {
        JobFixture f = JobFixture.perpetual(2);
        f.place(id(1, 0, 1));
        f.now += 7;

        f.apply(new KillRequested("no longer needed"));

        assertEquals(JobState.KILLED, f.job.state());
        assertEquals("no longer needed", f.job.reason());
        assertEquals(f.now, f.job.endedAt());
        assertEquals(List.of(
                new KillWorker(id(1, 0, 1), "agent-0", "no longer needed"),
                new ReleaseWorker(id(1, 0, 1)),
                new CancelPlacement(id(1, 1, 1)),
                new JobEnded(JobState.KILLED, "no longer needed")), f.effects);
        assertTrue(f.job.workers().stream().allMatch(w -> w.state() == WorkerState.KILLED
                && w.reason().equals("no longer needed") && w.endedAt() == f.now));
        // The agent's confirmation comes later and changes nothing.
        f.ignored(new Killed(id(1, 0, 1)));
    }

    @Test
    void killWithoutAReasonSaysItWasRequested() {
        JobFixture f = JobFixture.perpetual(1);
        f.apply(new KillRequested(null));
        assertEquals("killed on request", f.job.reason());
    }

    @Test
    void killLeavesCompletedWorkersAlone() {
        JobFixture f = JobFixture.perpetual(2);
        f.startAll();
        f.apply(new Exited(id(1, 0, 1), 0, null));
        f.apply(new KillRequested("stop"));
        assertEquals(WorkerState.COMPLETED, f.worker(1, 0).state());
        assertEquals(List.of(new KillWorker(id(1, 1, 1), "agent-1", "stop"), new ReleaseWorker(id(1, 1, 1)),
                new JobEnded(JobState.KILLED, "stop")), f.effects);
    }

    @Test
    void requestsOnAnEndedJobAreRefusedNamingTheJobAndItsState() {
        JobFixture f = JobFixture.perpetual(1);
        f.apply(new KillRequested("stop"));

        IllegalTransitionException kill = assertThrows(IllegalTransitionException.class,
                () -> f.apply(new KillRequested("again")));
        assertEquals("job word-count-1 has already ended (KILLED); cannot kill it", kill.getMessage());
        assertEquals(Kind.ENDED, kill.kind());
        assertEquals(Kind.ENDED, assertThrows(IllegalTransitionException.class,
                () -> f.apply(new ScaleRequested(1, 2))).kind());
        assertEquals(Kind.ENDED, assertThrows(IllegalTransitionException.class,
                () -> f.apply(new ResubmitRequested(id(1, 0, 1)))).kind());
    }

    @Test
    void scaleUpAddsIndexesQueuedForPlacementAndPushesTheStage() {
        JobFixture f = JobFixture.perpetual(1, 1);
        f.startAll();

        f.apply(new ScaleRequested(1, 3));

        assertEquals(3, f.job.workerCount(1));
        Worker added1 = f.worker(1, 1);
        Worker added2 = f.worker(1, 2);
        assertEquals(id(1, 1, 1), added1.workerId());
        assertEquals(id(1, 2, 1), added2.workerId());
        assertEquals(List.of(new PlaceWorker(added1, "perpetual", JobFixture.MACHINE, 0),
                new PlaceWorker(added2, "perpetual", JobFixture.MACHINE, 0), new PushTopology(1)), f.effects);
        assertEquals(JobState.RUNNING, f.job.state());

        f.place(id(1, 1, 1));
        assertEquals(List.of(new PushTopology(1)), f.effects, "an added worker's address reaches its neighbours");
    }

    @Test
    void scaleDownStopsTheHighestIndexesAndLaterReuseContinuesTheirNumbering() {
        JobFixture f = JobFixture.perpetual(3);
        f.startAll();
        f.apply(new Exited(id(1, 2, 1), 1, null)); // index 2 now waits for a retry as number 2

        f.apply(new ScaleRequested(1, 1));

        String reason = "stage 1 scaled down to 1 workers";
        assertEquals(List.of(
                new CancelPlacement(id(1, 2, 2)),
                new KillWorker(id(1, 1, 1), "agent-1", reason),
                new ReleaseWorker(id(1, 1, 1)),
                new PushTopology(1)), f.effects);
        assertEquals(1, f.job.workerCount(1));
        assertEquals(List.of(id(1, 0, 1)), f.job.workers(1).stream().map(Worker::workerId).toList());
        assertEquals(2, f.job.retired().size());
        f.ignored(new Killed(id(1, 1, 1)));
        f.ignored(new JobEvent.RetryDue(1, 2));

        f.apply(new ScaleRequested(1, 3));
        assertEquals(id(1, 1, 2), f.worker(1, 1).workerId(), "worker ids never repeat");
        assertEquals(2, f.worker(1, 1).attempt());
        assertEquals(id(1, 2, 3), f.worker(1, 2).workerId());
        assertEquals(0, f.job.failures(1, 2), "a fresh index starts a fresh row of failures");
        assertTrue(f.job.retired().isEmpty());
        f.ignored(new JobEvent.RetryDue(1, 2));
    }

    @Test
    void scalingToTheCurrentCountChangesNothing() {
        JobFixture f = JobFixture.perpetual(2);
        f.ignored(new ScaleRequested(1, 2));
    }

    @Test
    void scaleRefusesBadStagesAndCounts() {
        JobFixture f = JobFixture.perpetual(2, 1);
        IllegalTransitionException stage = assertThrows(IllegalTransitionException.class,
                () -> f.apply(new ScaleRequested(3, 1)));
        assertEquals("job word-count-1 has stages 1..2; cannot scale stage 3", stage.getMessage());
        assertEquals(Kind.INVALID, stage.kind());
        assertThrows(IllegalTransitionException.class, () -> f.apply(new ScaleRequested(0, 1)));
        IllegalTransitionException count = assertThrows(IllegalTransitionException.class,
                () -> f.apply(new ScaleRequested(1, 0)));
        assertTrue(count.getMessage().contains("stage 1 needs at least 1 worker, got 0"), count.getMessage());
    }

    @Test
    void resubmitReplacesAWorkerAtOnceKeepingItsFailureCount() {
        JobFixture f = JobFixture.perpetual(1);
        f.startAll();
        f.apply(new Exited(id(1, 0, 1), 1, null));
        f.apply(new JobEvent.RetryDue(1, 0));
        f.place(id(1, 0, 2));

        f.apply(new ResubmitRequested(id(1, 0, 2)));

        Worker next = f.worker(1, 0);
        assertEquals(id(1, 0, 3), next.workerId());
        assertEquals(3, next.attempt());
        assertEquals(1, next.failures());
        assertEquals(List.of(
                new KillWorker(id(1, 0, 2), "agent-0", "resubmitted on request"),
                new ReleaseWorker(id(1, 0, 2)),
                new PlaceWorker(next, "perpetual", JobFixture.MACHINE, 0)), f.effects);
        f.ignored(new Killed(id(1, 0, 2)));
        f.place(id(1, 0, 3));
        assertEquals(List.of(new PushTopology(1)), f.effects);
    }

    @Test
    void resubmitOfAWorkerWaitingForPlacementCancelsIt() {
        JobFixture f = JobFixture.perpetual(1);
        f.apply(new ResubmitRequested(id(1, 0, 1)));
        assertEquals(new CancelPlacement(id(1, 0, 1)), f.effects.get(0));
        assertEquals(id(1, 0, 2), f.worker(1, 0).workerId());
    }

    @Test
    void resubmitRefusesWorkersThatAreNotCurrent() {
        JobFixture f = JobFixture.perpetual(2);
        f.startAll();
        f.apply(new Exited(id(1, 0, 1), 1, null));

        IllegalTransitionException old = assertThrows(IllegalTransitionException.class,
                () -> f.apply(new ResubmitRequested(id(1, 0, 1))));
        assertEquals("job word-count-1 has no current worker word-count-1-1-0-1; current workers of stage 1: "
                + "[word-count-1-1-0-2, word-count-1-1-1-1]", old.getMessage());
        assertEquals(Kind.UNKNOWN_WORKER, old.kind());
        assertThrows(IllegalTransitionException.class, () -> f.apply(new ResubmitRequested(id(4, 0, 1))));
        Job before = f.job;
        assertThrows(IllegalTransitionException.class, () -> f.apply(new ResubmitRequested(id(1, 9, 1))));
        assertSame(before, f.job);
    }
}
