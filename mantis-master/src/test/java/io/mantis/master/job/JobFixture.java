package io.mantis.master.job;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.protocol.WorkerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Drives one job through a {@link JobMachine} for tests, keeping the current job, the clock and the last effects. */
final class JobFixture {

    static final String SHA = "0123456789abcdef".repeat(4);
    static final MachineSpec MACHINE = new MachineSpec(1, 512, 10, 100);

    /** Base 1 s, max 60 s, 5 in a row, stable after 60 s: the defaults, spelled out so tests read on their own. */
    static final RetryPolicy POLICY =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 5, Duration.ofSeconds(60));

    final JobMachine machine;
    Job job;
    long now = 1_000_000;
    List<JobEffect> effects = List.of();
    private int nextPort = 7000;

    JobFixture(RetryPolicy policy, JobSpec spec) {
        machine = new JobMachine(policy);
        Transition t = machine.submit(spec, now);
        job = t.job();
        effects = t.effects();
    }

    /** A job {@code word-count-1} with the given worker count per stage. */
    static JobSpec spec(DurationType type, int... workersPerStage) {
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < workersPerStage.length; i++) {
            stages.add(new StageSpec(i + 1, "s" + (i + 1), workersPerStage[i], MACHINE));
        }
        return new JobSpec("word-count-1", "word-count", SHA, Map.of("rate", "10"), type, stages, 42);
    }

    static JobFixture perpetual(int... workersPerStage) {
        return new JobFixture(POLICY, spec(DurationType.PERPETUAL, workersPerStage));
    }

    static WorkerId id(int stage, int index, int number) {
        return new WorkerId("word-count-1", stage, index, number);
    }

    Transition apply(JobEvent event) {
        Transition t = machine.apply(job, event, now);
        job = t.job();
        effects = t.effects();
        return t;
    }

    /** Applies an event that must be ignored: same job instance, no effects. */
    void ignored(JobEvent event) {
        Job before = job;
        Transition t = apply(event);
        assertSame(before, t.job(), () -> "expected " + event + " to be ignored");
        assertTrue(t.effects().isEmpty(), () -> "expected no effects for " + event + ", got " + t.effects());
    }

    Transition place(WorkerId id) {
        int base = nextPort;
        nextPort += 3;
        return apply(new JobEvent.Placed(id, "agent-" + id.index(), "127.0.0.1", base, base + 1, base + 2));
    }

    /** Places, reports running and heartbeats every current worker that waits for placement. */
    void startAll() {
        for (Worker w : job.workers()) {
            if (w.state() == WorkerState.ACCEPTED) {
                place(w.workerId());
            }
        }
        for (Worker w : job.workers()) {
            apply(new JobEvent.Running(w.workerId()));
            apply(new JobEvent.Heartbeat(w.workerId()));
        }
    }

    Worker worker(int stage, int index) {
        return job.worker(stage, index).orElseThrow();
    }

    <T extends JobEffect> List<T> effects(Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
