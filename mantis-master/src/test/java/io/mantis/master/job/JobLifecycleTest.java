package io.mantis.master.job;

import static io.mantis.master.job.JobFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.job.JobEffect.JobEnded;
import io.mantis.master.job.JobEffect.PlaceWorker;
import io.mantis.master.job.JobEffect.PushTopology;
import io.mantis.master.job.JobEffect.ReleaseWorker;
import io.mantis.master.job.JobEvent.Exited;
import io.mantis.master.job.JobEvent.Heartbeat;
import io.mantis.master.job.JobEvent.Running;
import io.mantis.protocol.WorkerId;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobLifecycleTest {

    @Test
    void submitAcceptsTheJobWithOneWorkerPerStageIndexEachQueuedForPlacement() {
        JobFixture f = JobFixture.perpetual(2, 1);

        assertEquals(JobState.ACCEPTED, f.job.state());
        assertEquals(List.of(id(1, 0, 1), id(1, 1, 1), id(2, 0, 1)),
                f.job.workers().stream().map(Worker::workerId).toList());
        assertTrue(f.job.workers().stream().allMatch(w -> w.state() == WorkerState.ACCEPTED && w.attempt() == 1
                && !w.placed() && w.dataPort() == null));
        List<PlaceWorker> places = f.effects(PlaceWorker.class);
        assertEquals(3, f.effects.size());
        assertEquals(f.job.workers(), places.stream().map(PlaceWorker::worker).toList());
        assertTrue(places.stream().allMatch(p -> p.pool().equals("perpetual") && p.tier() == 0
                && p.machine().equals(JobFixture.MACHINE)));
        assertEquals(2, f.job.workerCount(1));
        assertEquals(1, f.job.workerCount(2));
    }

    @Test
    void transientJobsAskForTheTransientPoolOnTheLowerTier() {
        JobFixture f = new JobFixture(JobFixture.POLICY, JobFixture.spec(DurationType.TRANSIENT, 1));

        PlaceWorker place = f.effects(PlaceWorker.class).get(0);
        assertEquals("transient", place.pool());
        assertEquals(1, place.tier());
    }

    @Test
    void applyingSubmittedWithoutAJobSubmitsAndWithOneIsRefused() {
        JobFixture f = JobFixture.perpetual(1);
        JobSpec spec = f.job.spec();

        Transition t = f.machine.apply(null, new JobEvent.Submitted(spec), 5);
        assertEquals(JobState.ACCEPTED, t.job().state());
        assertEquals(1, t.effects().size());
        assertThrows(IllegalTransitionException.class, () -> f.machine.apply(f.job, new JobEvent.Submitted(spec), 5));
    }

    @Test
    void jobIsLaunchedOnceEveryWorkerIsPlacedAndThenPushesEveryStagesTopology() {
        JobFixture f = JobFixture.perpetual(2, 1);

        f.now = 2_000_000;
        f.place(id(1, 0, 1));
        assertEquals(JobState.ACCEPTED, f.job.state());
        assertTrue(f.effects.isEmpty(), "a first placement before launch pushes nothing: " + f.effects);
        Worker placed = f.worker(1, 0);
        assertEquals(WorkerState.LAUNCHED, placed.state());
        assertEquals("agent-0", placed.agentId());
        assertEquals("127.0.0.1", placed.host());
        assertEquals(List.of(7000, 7001, 7002), List.of(placed.dataPort(), placed.sinkPort(), placed.adminPort()));
        assertEquals(2_000_000L, placed.launchedAt());

        f.place(id(1, 1, 1));
        f.place(id(2, 0, 1));
        assertEquals(JobState.LAUNCHED, f.job.state());
        assertEquals(List.of(new PushTopology(1), new PushTopology(2)), f.effects);
    }

    @Test
    void workerGoesThroughStartingToStartedAndTheJobRunsWhenAllHaveStarted() {
        JobFixture f = JobFixture.perpetual(2);
        f.place(id(1, 0, 1));
        f.place(id(1, 1, 1));

        f.apply(new Running(id(1, 0, 1)));
        assertEquals(WorkerState.STARTING, f.worker(1, 0).state());
        f.now += 500;
        f.apply(new Heartbeat(id(1, 0, 1)));
        assertEquals(WorkerState.STARTED, f.worker(1, 0).state());
        assertEquals(f.now, f.worker(1, 0).startedAt());
        assertEquals(JobState.LAUNCHED, f.job.state());

        // A first heartbeat that overtakes the agent's report starts the worker as well.
        f.apply(new Heartbeat(id(1, 1, 1)));
        assertEquals(WorkerState.STARTED, f.worker(1, 1).state());
        assertEquals(JobState.RUNNING, f.job.state());
        assertTrue(f.effects.isEmpty());
    }

    @Test
    void repeatedAndOutOfOrderReportsAreIgnored() {
        JobFixture f = JobFixture.perpetual(1);
        f.ignored(new Running(id(1, 0, 1)));   // not placed yet
        f.ignored(new Heartbeat(id(1, 0, 1)));
        f.place(id(1, 0, 1));
        f.ignored(new JobEvent.Placed(id(1, 0, 1), "agent-9", "127.0.0.2", 1, 2, 3));
        f.apply(new Running(id(1, 0, 1)));
        f.ignored(new Running(id(1, 0, 1)));
        f.apply(new Heartbeat(id(1, 0, 1)));
        long startedAt = f.worker(1, 0).startedAt();
        f.now += 1000;
        f.ignored(new Heartbeat(id(1, 0, 1)));
        f.ignored(new Running(id(1, 0, 1)));   // late report after the heartbeat
        assertEquals(startedAt, f.worker(1, 0).startedAt());
        assertEquals("agent-0", f.worker(1, 0).agentId());
    }

    @Test
    void reportsAboutUnknownWorkersAreIgnored() {
        JobFixture f = JobFixture.perpetual(1);
        f.startAll();
        f.ignored(new Exited(id(1, 0, 2), 1, null));      // a number not launched yet
        f.ignored(new Exited(id(1, 5, 1), 1, null));      // an index the stage does not have
        f.ignored(new Exited(id(3, 0, 1), 1, null));      // a stage the job does not have
        f.ignored(new JobEvent.Lost(new WorkerId("other-1", 1, 0, 1), "gone"));
        f.ignored(new JobEvent.RetryDue(1, 0));           // nothing waits for a retry
        assertEquals(JobState.RUNNING, f.job.state());
    }

    @Test
    void exitWithCodeZeroCompletesTheWorkerWithoutReplacementAndLastOneCompletesTheJob() {
        JobFixture f = JobFixture.perpetual(1, 1);
        f.startAll();

        f.now += 10;
        f.apply(new Exited(id(1, 0, 1), 0, null));
        Worker done = f.worker(1, 0);
        assertEquals(WorkerState.COMPLETED, done.state());
        assertEquals(id(1, 0, 1), done.workerId());
        assertEquals(f.now, done.endedAt());
        assertEquals("exited with code 0", done.reason());
        assertEquals(List.of(new ReleaseWorker(id(1, 0, 1))), f.effects);
        assertEquals(JobState.RUNNING, f.job.state());
        f.ignored(new Exited(id(1, 0, 1), 0, null));

        f.apply(new Exited(id(2, 0, 1), 0, "source drained"));
        assertEquals("exited with code 0: source drained", f.worker(2, 0).reason());
        assertEquals(JobState.COMPLETED, f.job.state());
        assertEquals(f.now, f.job.endedAt());
        assertEquals(List.of(new ReleaseWorker(id(2, 0, 1)), new JobEnded(JobState.COMPLETED,
                "every worker completed")), f.effects);
        assertTrue(!f.job.active());
    }

    @Test
    void lateReportsAfterTheJobEndedAreIgnored() {
        JobFixture f = JobFixture.perpetual(2);
        f.startAll();
        f.apply(new JobEvent.KillRequested("done"));

        f.ignored(new Exited(id(1, 0, 1), 1, null));
        f.ignored(new JobEvent.Lost(id(1, 1, 1), "agent gone"));
        f.ignored(new JobEvent.Killed(id(1, 0, 1)));
        f.ignored(new Heartbeat(id(1, 0, 1)));
        f.ignored(new JobEvent.RetryDue(1, 0));
        assertEquals(JobState.KILLED, f.job.state());
    }

    @Test
    void aJobWhoseWorkersCompletedBeforeStartingOthersStillRuns() {
        JobFixture f = JobFixture.perpetual(2);
        f.place(id(1, 0, 1));
        f.place(id(1, 1, 1));
        f.apply(new Exited(id(1, 0, 1), 0, null));
        assertEquals(JobState.LAUNCHED, f.job.state());
        f.apply(new Heartbeat(id(1, 1, 1)));
        assertEquals(JobState.RUNNING, f.job.state());
        assertNull(f.job.reason());
    }
}
