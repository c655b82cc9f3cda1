package io.mantis.master.job;

import static io.mantis.master.job.JobFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.job.JobEffect.CancelPlacement;
import io.mantis.master.job.JobEffect.JobEnded;
import io.mantis.master.job.JobEffect.KillWorker;
import io.mantis.master.job.JobEffect.ReleaseWorker;
import io.mantis.master.job.JobEvent.Expired;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job that runs its course ends COMPLETED with the reason, its workers stopped as a kill stops them. */
class JobExpiryTest {

    @Test
    void anExpiredJobEndsCompletedWithTheReasonAndItsWorkersAreKilledAndReleased() {
        JobFixture f = new JobFixture(JobFixture.POLICY, JobFixture.spec(DurationType.TRANSIENT, 1, 2));
        f.startAll();
        f.now += 61_000;

        f.apply(new Expired("no client subscribed for 60 s"));

        assertEquals(JobState.COMPLETED, f.job.state());
        assertEquals("no client subscribed for 60 s", f.job.reason());
        assertEquals(f.now, f.job.endedAt());
        assertTrue(f.job.workers().stream().allMatch(w -> w.state() == WorkerState.KILLED), f.job.workers()::toString);
        assertEquals(List.of(id(1, 0, 1), id(2, 0, 1), id(2, 1, 1)),
                f.effects(KillWorker.class).stream().map(KillWorker::workerId).toList());
        assertEquals(3, f.effects(ReleaseWorker.class).size());
        assertEquals(List.of(new JobEnded(JobState.COMPLETED, "no client subscribed for 60 s")),
                f.effects(JobEnded.class));
    }

    @Test
    void workersNotYetPlacedHaveTheirPlacementCancelled() {
        JobFixture f = new JobFixture(JobFixture.POLICY, JobFixture.spec(DurationType.TRANSIENT, 2));
        f.place(id(1, 0, 1));

        f.apply(new Expired("runtime limit of 10 min reached"));

        assertEquals(JobState.COMPLETED, f.job.state());
        assertEquals(List.of(id(1, 0, 1)), f.effects(KillWorker.class).stream().map(KillWorker::workerId).toList());
        assertEquals(List.of(new CancelPlacement(id(1, 1, 1))), f.effects(CancelPlacement.class));
    }

    @Test
    void anExpiryAfterTheJobEndedIsIgnored() {
        JobFixture f = new JobFixture(JobFixture.POLICY, JobFixture.spec(DurationType.TRANSIENT, 1));
        f.startAll();
        f.apply(new JobEvent.KillRequested("bye"));

        f.ignored(new Expired("no client subscribed for 60 s"));
        assertEquals(JobState.KILLED, f.job.state());
        assertEquals("bye", f.job.reason());
    }

    @Test
    void transientJobsDefaultToASixtySecondTimeoutAndPerpetualOnesHaveNone() {
        JobSpec transientSpec = JobFixture.spec(DurationType.TRANSIENT, 1);
        JobSpec perpetual = JobFixture.spec(DurationType.PERPETUAL, 1);

        assertEquals(Duration.ofSeconds(60), transientSpec.subscriptionTimeout().orElseThrow());
        assertTrue(perpetual.subscriptionTimeout().isEmpty());
        assertTrue(perpetual.runtimeLimit().isEmpty());
    }

    @Test
    void aSpecRejectsATimeoutOnAPerpetualJobAndNonPositiveDurations() {
        var stages = List.of(new StageSpec(1, "s1", 1, JobFixture.MACHINE));
        IllegalArgumentException perpetual = assertThrows(IllegalArgumentException.class, () -> new JobSpec("j-1",
                "j", JobFixture.SHA, Map.of(), DurationType.PERPETUAL, stages, 0, 30_000L, null));
        assertTrue(perpetual.getMessage().contains("TRANSIENT jobs only"), perpetual.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new JobSpec("j-1", "j",
                JobFixture.SHA, Map.of(), DurationType.TRANSIENT, stages, 0, null, 0L));
        assertTrue(zero.getMessage().contains("runtimeLimit must be more than zero"), zero.getMessage());
    }
}
