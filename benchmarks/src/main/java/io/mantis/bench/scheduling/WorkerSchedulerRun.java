package io.mantis.bench.scheduling;

import io.mantis.master.resources.Lease;
import io.mantis.master.scheduler.SchedulerConfig;
import io.mantis.master.scheduler.WorkerRequest;
import io.mantis.master.scheduler.WorkerScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Our scheduler on the same input: leases are in before the clock starts; the time runs from the first submit to
 * the HostAssignment that completes the last worker that fits (so it includes the wait for the next 50 ms tick).
 * Workers that do not fit stay pending.
 */
final class WorkerSchedulerRun {

    private WorkerSchedulerRun() {
    }

    static long run(SchedulingInput input, String runTag) throws InterruptedException {
        CountDownLatch allPlaced = new CountDownLatch(input.placeable());
        AtomicInteger placed = new AtomicInteger();
        SchedulerConfig config = SchedulerConfig.defaults();
        try (WorkerScheduler scheduler = new WorkerScheduler(assignment -> {
            placed.addAndGet(assignment.placements().size());
            assignment.placements().forEach(p -> allPlaced.countDown());
        }, declined -> { }, Clock.systemUTC(), new SimpleMeterRegistry(), config)) {
            scheduler.start();
            List<Lease> leases = input.leases(runTag, System.currentTimeMillis());
            leases.forEach(scheduler::addLease);
            awaitLeasesHeld(scheduler, input.agents());
            List<WorkerRequest> requests = input.requests(runTag);

            long start = System.nanoTime();
            requests.forEach(scheduler::submit);
            if (!allPlaced.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("WorkerScheduler placed " + placed.get() + " workers in 5 minutes; "
                        + input.placeable() + " fit");
            }
            return System.nanoTime() - start;
        }
    }

    private static void awaitLeasesHeld(WorkerScheduler scheduler, int agents) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (scheduler.usage().size() < agents) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + scheduler.usage().size() + " of " + agents
                        + " agents' leases held after 1 minute");
            }
            Thread.sleep(5); // poll interval while the scheduler takes the leases in
        }
    }
}
