package io.mantis.executor.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * cgroup v1: a directory per worker in the {@code cpu} and the {@code memory} hierarchy, under the agent's parent
 * cgroup. Limits as Mesos's {@code cgroups/cpu} and {@code cgroups/mem} isolators set them: a CFS quota over a
 * 100 ms period, shares in proportion to cpus, and a hard memory limit that swap cannot dodge.
 */
final class CgroupV1 implements Isolation {

    static final long PERIOD_US = 100_000;

    private final Path cpuParent;
    private final Path memoryParent;
    private final List<Path> createdParents;

    /**
     * @param createdParents parent directories this agent created (removed again by {@link #close()}), deepest last
     */
    CgroupV1(Path cpuParent, Path memoryParent, List<Path> createdParents) {
        this.cpuParent = cpuParent;
        this.memoryParent = memoryParent;
        this.createdParents = List.copyOf(createdParents);
    }

    @Override
    public String description() {
        return "cgroup v1 (cpu, memory) under " + cpuParent + " and " + memoryParent;
    }

    @Override
    public WorkerCgroup create(String name, double cpus, double memoryMB) throws IOException {
        Path cpu = cpuParent.resolve(name);
        Path memory = memoryParent.resolve(name);
        Worker worker = new Worker(cpu, memory);
        try {
            CgroupFiles.mkdirs(cpu);
            CgroupFiles.mkdirs(memory);
            CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
            CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros(cpus)));
            CgroupFiles.write(cpu.resolve("cpu.shares"), Long.toString(Math.max(2, Math.round(1024 * cpus))));
            String bytes = Long.toString(bytes(memoryMB));
            CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
            // Only with swap accounting on; the combined limit must not be below the plain one, so it comes second.
            Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) {
                CgroupFiles.write(memsw, bytes);
            }
        } catch (IOException e) {
            worker.remove();
            throw e;
        }
        return worker;
    }

    static long quotaMicros(double cpus) {
        return Math.max(1000, Math.round(cpus * PERIOD_US)); // the kernel refuses quotas below 1 ms
    }

    static long bytes(double memoryMB) {
        return Math.round(memoryMB * 1024 * 1024);
    }

    @Override
    public void close() {
        Cgroups.removeParents(createdParents);
    }

    private record Worker(Path cpu, Path memory) implements WorkerCgroup {

        @Override
        public List<String> wrap(List<String> command) {
            return CgroupFiles.joinThenExec(List.of(cpu.resolve("cgroup.procs"), memory.resolve("cgroup.procs")),
                    command);
        }

        @Override
        public boolean oomKilled(int exitCode) {
            if (CgroupFiles.keyed(memory.resolve("memory.oom_control"), "oom_kill").orElse(0L) > 0) {
                return true;
            }
            // Older kernels have no oom_kill counter: a hit limit and death by SIGKILL tell the same story.
            return exitCode == 137 && CgroupFiles.number(memory.resolve("memory.failcnt")).orElse(0L) > 0;
        }

        @Override
        public List<Path> directories() {
            return List.of(cpu, memory);
        }

        @Override
        public void remove() {
            CgroupFiles.rmdir(cpu);
            CgroupFiles.rmdir(memory);
        }
    }
}
