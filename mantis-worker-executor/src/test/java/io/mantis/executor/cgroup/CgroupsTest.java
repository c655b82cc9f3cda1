package io.mantis.executor.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real cgroups of this machine; skipped, saying why, where they are not writable. */
class CgroupsTest {

    private Isolation isolation;

    @BeforeEach
    void detect() {
        isolation = Cgroups.detect("mantis-test/" + UUID.randomUUID());
        Assumptions.assumeFalse(isolation instanceof NoIsolation, () -> "no writable cgroups on this machine: "
                + isolation.description());
    }

    @AfterEach
    void close() {
        if (isolation != null) {
            isolation.close();
        }
    }

    @Test
    void aProcessStartsInsideItsCgroupWithTheLimitsSet() throws Exception {
        WorkerCgroup cgroup = isolation.create("w-limits", 0.5, 96);
        Process p = new ProcessBuilder(cgroup.wrap(List.of("sleep", "60"))).start();
        try {
            String pid = Long.toString(p.pid());
            for (Path dir : cgroup.directories()) {
                Await.until("pid " + pid + " in " + dir, Duration.ofSeconds(10),
                        () -> read(dir.resolve("cgroup.procs")).lines().anyMatch(pid::equals));
            }
            Path first = cgroup.directories().get(0);
            if (Files.exists(first.resolve("cpu.cfs_quota_us"))) {
                Path memory = cgroup.directories().get(1);
                assertEquals("100000", read(first.resolve("cpu.cfs_period_us")));
                assertEquals("50000", read(first.resolve("cpu.cfs_quota_us")));
                assertEquals("512", read(first.resolve("cpu.shares")));
                assertEquals(Long.toString(96L << 20), read(memory.resolve("memory.limit_in_bytes")));
            } else {
                assertEquals("50000 100000", read(first.resolve("cpu.max")));
                assertEquals(Long.toString(96L << 20), read(first.resolve("memory.max")));
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            cgroup.remove();
        }
        for (Path dir : cgroup.directories()) {
            assertFalse(Files.exists(dir), dir + " is still there");
        }
    }

    @Test
    void aProcessBeyondItsMemoryLimitIsKilledAndSeenAsOomKilled() throws Exception {
        WorkerCgroup cgroup = isolation.create("w-oom", 1, 64);
        Process p = new ProcessBuilder(cgroup.wrap(List.of("sh", "-c", "exec tail /dev/zero")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process was not stopped by its memory limit");
        assertEquals(137, p.exitValue());
        assertTrue(cgroup.oomKilled(p.exitValue()), "the OOM kill was not detected");
        cgroup.remove();
        for (Path dir : cgroup.directories()) {
            assertFalse(Files.exists(dir), dir + " is still there");
        }
    }

    @Test
    void aProcessThatEndsNormallyIsNotSeenAsOomKilled() throws Exception {
        WorkerCgroup cgroup = isolation.create("w-fine", 1, 64);
        Process p = new ProcessBuilder(cgroup.wrap(List.of("sh", "-c", "exit 3"))).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue());
        assertFalse(cgroup.oomKilled(3));
        cgroup.remove();
    }

    @Test
    void detectionWithoutCgroupsSaysWhy(@TempDir Path dir) throws Exception {
        Path self = Files.writeString(dir.resolve("self-cgroup"), "0::/\n");
        Isolation none = Cgroups.detect(dir.resolve("sys-fs-cgroup"), self, "mantis/a1");
        assertTrue(none.description().startsWith("none: cgroup v1: no cpu and memory hierarchies at "),
                none.description());
        assertTrue(none.description().contains("cgroup v2: no unified hierarchy"), none.description());
        assertEquals(List.of("x"), none.create("w", 1, 64).wrap(List.of("x")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
