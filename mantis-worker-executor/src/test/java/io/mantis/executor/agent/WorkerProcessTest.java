package io.mantis.executor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.executor.cgroup.Cgroups;
import io.mantis.executor.cgroup.Isolation;
import io.mantis.executor.cgroup.WorkerCgroup;
import io.mantis.protocol.WorkerReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a supervised process's end turns into a report, with small shell workloads instead of worker JVMs. */
class WorkerProcessTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger changes = new AtomicInteger();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        executor.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void aProcessBeyondItsMemoryLimitIsReportedAsOomKilled() throws Exception {
        Isolation isolation = Cgroups.detect("mantis-test/" + UUID.randomUUID());
        try {
            Assumptions.assumeTrue(isolation.description().startsWith("cgroup"),
                    () -> "no writable cgroups on this machine: " + isolation.description());
            WorkerCgroup cgroup = isolation.create("oom-1-1-0-1", 1, 64);
            WorkerProcess w = worker(64);
            w.start(cgroup.wrap(List.of("sh", "-c", "exec tail /dev/zero")), Map.of(), cgroup);

            WorkerReport r = w.exited().get(60, TimeUnit.SECONDS);
            assertEquals(WorkerReport.Status.EXITED, r.status());
            assertEquals(137, r.exitCode());
            assertEquals("memory limit of 64 MB exceeded: killed by the kernel's OOM killer", r.reason());
            for (Path d : cgroup.directories()) {
                assertFalse(Files.exists(d), d + " was not removed");
            }
        } finally {
            isolation.close();
        }
    }

    @Test
    void aFailingProcessIsReportedWithItsCodeAndLastErrorLine() throws Exception {
        WorkerProcess w = worker(256);
        w.start(List.of("sh", "-c", "echo 'error: job j stage 1 failed: boom' >&2; echo '\tat Foo.bar' >&2; exit 1"),
                Map.of(), WorkerCgroup.NONE);

        WorkerReport r = w.exited().get(30, TimeUnit.SECONDS);
        assertEquals(1, r.exitCode());
        assertEquals("exited with code 1: error: job j stage 1 failed: boom", r.reason());
        assertTrue(changes.get() >= 1);
    }

    @Test
    void theReadyLineMakesItRunningAndAKillEndsIt() throws Exception {
        WorkerProcess w = worker(256);
        w.start(List.of("sh", "-c", "echo 'MANTIS-WORKER-READY {}'; exec sleep 60"), Map.of(), WorkerCgroup.NONE);
        io.mantis.runtime.testing.Await.until("RUNNING", java.time.Duration.ofSeconds(30),
                () -> w.report().status() == WorkerReport.Status.RUNNING);

        w.kill(java.time.Duration.ofSeconds(10), timer);
        WorkerReport r = w.exited().get(30, TimeUnit.SECONDS);
        assertEquals(143, r.exitCode());
        assertEquals("killed on request", r.reason());
        assertTrue(Files.readString(dir.resolve("stdout.log")).startsWith("MANTIS-WORKER-READY"));
    }

    @Test
    void aKillBeforeTheProcessStartsMeansItNeverStarts() throws Exception {
        WorkerProcess w = worker(256);
        w.kill(java.time.Duration.ofSeconds(10), timer);
        w.start(List.of("sh", "-c", "touch started"), Map.of(), WorkerCgroup.NONE);

        WorkerReport r = w.exited().get(30, TimeUnit.SECONDS);
        assertEquals(-1, r.exitCode());
        assertEquals("killed on request", r.reason());
        assertFalse(Files.exists(dir.resolve("started")));
    }

    private WorkerProcess worker(double memoryMB) {
        return new WorkerProcess("w-1-1-0-1", dir, memoryMB, executor, w -> changes.incrementAndGet());
    }
}
