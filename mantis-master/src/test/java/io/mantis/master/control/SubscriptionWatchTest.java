package io.mantis.master.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.job.DurationType;
import io.mantis.master.job.Job;
import io.mantis.master.job.JobEvent;
import io.mantis.master.job.JobMachine;
import io.mantis.master.job.JobSpec;
import io.mantis.master.job.MachineSpec;
import io.mantis.master.job.RetryPolicy;
import io.mantis.master.job.StageSpec;
import io.mantis.master.job.Worker;
import io.mantis.protocol.WorkerId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionWatchTest {

    private static final long SUBMITTED = 1_000_000;
    private static final JobMachine MACHINE = new JobMachine(RetryPolicy.DEFAULT);

    private final SubscriptionWatch watch = new SubscriptionWatch();

    @Test
    void aTransientJobNobodyConnectsToEndsItsTimeoutAfterSubmission() {
        Job job = running(DurationType.TRANSIENT, 30_000L, null);
        watch.track(job, SUBMITTED);

        SubscriptionWatch.Status early = watch.status(job, SUBMITTED + 29_999);
        assertFalse(early.expired());
        assertEquals(0, early.subscribers());
        assertEquals(SUBMITTED + 30_000, early.endsAt());

        SubscriptionWatch.Status due = watch.status(job, SUBMITTED + 30_000);
        assertEquals("no client subscribed for 30 s", due.expiredReason());
    }

    @Test
    void aConnectedClientKeepsTheJobAliveAndTheTimeoutRestartsWhenTheLastOneLeaves() {
        Job job = running(DurationType.TRANSIENT, 30_000L, null);
        watch.track(job, SUBMITTED);
        WorkerId sink0 = sink(job, 0);
        WorkerId sink1 = sink(job, 1);

        watch.heartbeat(sink0, 1);
        watch.heartbeat(sink1, 2);
        SubscriptionWatch.Status watched = watch.status(job, SUBMITTED + 10_000);
        assertEquals(3, watched.subscribers());
        assertNull(watched.endsAt(), "nothing ends a watched job without a runtime limit");
        assertFalse(watch.status(job, SUBMITTED + 120_000).expired());

        watch.heartbeat(sink0, 0);
        watch.heartbeat(sink1, 0);
        SubscriptionWatch.Status left = watch.status(job, SUBMITTED + 200_000);
        assertEquals(SUBMITTED + 230_000, left.endsAt(), "counted from when the last client was seen gone");
        assertFalse(watch.status(job, SUBMITTED + 229_999).expired());
        assertTrue(watch.status(job, SUBMITTED + 230_000).expired());
    }

    @Test
    void onlyTheCurrentLiveSinkWorkersCount() {
        Job job = running(DurationType.TRANSIENT, 30_000L, null);
        watch.track(job, SUBMITTED);
        WorkerId source = job.workers(1).get(0).workerId();
        WorkerId sink0 = sink(job, 0);
        watch.heartbeat(source, 5);   // a non-sink stage reporting clients is not believed
        watch.heartbeat(sink0, 2);
        assertEquals(2, watch.status(job, SUBMITTED + 1000).subscribers());

        // The sink worker is replaced: its last report no longer counts, so nobody is subscribed from now on.
        Job replaced = MACHINE.apply(job, new JobEvent.ResubmitRequested(sink0), SUBMITTED + 2000).job();
        SubscriptionWatch.Status after = watch.status(replaced, SUBMITTED + 2000);
        assertEquals(0, after.subscribers());
        assertEquals(SUBMITTED + 32_000, after.endsAt());
    }

    @Test
    void anyJobEndsAtItsRuntimeLimitEvenWithClients() {
        Job job = running(DurationType.PERPETUAL, null, 600_000L);
        watch.track(job, SUBMITTED);
        watch.heartbeat(sink(job, 0), 4);

        SubscriptionWatch.Status before = watch.status(job, SUBMITTED + 599_000);
        assertEquals(SUBMITTED + 600_000, before.endsAt());
        assertFalse(before.expired());
        assertEquals("runtime limit of 10 min reached", watch.status(job, SUBMITTED + 600_000).expiredReason());
    }

    @Test
    void aPerpetualJobWithoutLimitNeverEnds() {
        Job job = running(DurationType.PERPETUAL, null, null);
        watch.track(job, SUBMITTED);
        SubscriptionWatch.Status s = watch.status(job, SUBMITTED + Duration.ofDays(30).toMillis());
        assertFalse(s.expired());
        assertNull(s.endsAt());
    }

    @Test
    void endedOrForgottenJobsReportNothing() {
        Job job = running(DurationType.TRANSIENT, 30_000L, null);
        watch.track(job, SUBMITTED);
        watch.forget(job.id());
        assertEquals(SubscriptionWatch.Status.ENDED, watch.status(job, SUBMITTED + 60_000));
        Job killed = MACHINE.apply(job, new JobEvent.KillRequested("x"), SUBMITTED).job();
        watch.track(killed, SUBMITTED);
        assertEquals(SubscriptionWatch.Status.ENDED, watch.status(killed, SUBMITTED + 60_000));
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("60 s", SubscriptionWatch.text(Duration.ofSeconds(60)));
        assertEquals("90 s", SubscriptionWatch.text(Duration.ofSeconds(90)));
        assertEquals("10 min", SubscriptionWatch.text(Duration.ofMinutes(10)));
        assertEquals("2 h", SubscriptionWatch.text(Duration.ofHours(2)));
        assertEquals("1500 ms", SubscriptionWatch.text(Duration.ofMillis(1500)));
    }

    /** A job of two stages (1 source worker, 2 sink workers), all started. */
    private static Job running(DurationType type, Long timeoutMillis, Long limitMillis) {
        MachineSpec m = new MachineSpec(1, 512, 10, 100);
        JobSpec spec = new JobSpec("q-1", "q", "0123456789abcdef".repeat(4), Map.of(), type,
                List.of(new StageSpec(1, "src", 1, m), new StageSpec(2, "sink", 2, m)), SUBMITTED, timeoutMillis,
                limitMillis);
        Job job = MACHINE.submit(spec, SUBMITTED).job();
        int port = 7000;
        for (Worker w : job.workers()) {
            job = MACHINE.apply(job, new JobEvent.Placed(w.workerId(), "a", "127.0.0.1", port++, port++, port++),
                    SUBMITTED).job();
            job = MACHINE.apply(job, new JobEvent.Heartbeat(w.workerId()), SUBMITTED).job();
        }
        return job;
    }

    private static WorkerId sink(Job job, int index) {
        return job.worker(2, index).orElseThrow().workerId();
    }
}
