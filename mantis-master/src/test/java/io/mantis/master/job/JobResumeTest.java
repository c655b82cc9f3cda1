package io.mantis.master.job;

import static io.mantis.master.job.JobFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.job.JobEffect.PlaceWorker;
import io.mantis.master.job.JobEffect.ScheduleRetry;
import io.mantis.master.job.JobEvent.Exited;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobResumeTest {

    @Test
    void aNewLeaderRequeuesUnplacedWorkersAndRestartsPendingBackoffs() {
        JobFixture f = JobFixture.perpetual(3);
        f.place(id(1, 0, 1));
        f.place(id(1, 1, 1));
        f.apply(new Exited(id(1, 1, 1), 1, null)); // backoff of 1 s from now

        Transition t = new JobMachine(JobFixture.POLICY).resume(f.job, f.now + 400);

        assertSame(f.job, t.job());
        assertEquals(List.of(new ScheduleRetry(1, 1, 600), new PlaceWorker(f.worker(1, 2), "perpetual",
                JobFixture.MACHINE, 0)), t.effects());
        // A backoff that passed while no leader was around is due at once.
        assertEquals(List.of(new ScheduleRetry(1, 1, 0)), f.machine.resume(f.job, f.now + 5_000).effects()
                .subList(0, 1));
    }

    @Test
    void runningAndEndedJobsNeedNothing() {
        JobFixture f = JobFixture.perpetual(2);
        f.startAll();
        assertTrue(f.machine.resume(f.job, f.now).effects().isEmpty());
        f.apply(new JobEvent.KillRequested(null));
        assertTrue(f.machine.resume(f.job, f.now).effects().isEmpty());
    }
}
