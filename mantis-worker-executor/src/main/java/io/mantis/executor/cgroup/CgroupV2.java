package io.mantis.executor.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * cgroup v2: one directory per worker under the agent's parent cgroup, with {@code cpu.max}, {@code memory.max}
 * and {@code memory.swap.max=0}. {@link Cgroups#detect} has already enabled the cpu and memory controllers for
 * the parent's children.
 */
final class CgroupV2 implements Isolation {

    private final Path parent;
    private final List<Path> createdParents;

    CgroupV2(Path parent, List<Path> createdParents) {
        this.parent = parent;
        this.createdParents = List.copyOf(createdParents);
    }

    @Override
    public String description() {
        return "cgroup v2 (cpu, memory) under " + parent;
    }

    @Override
    public WorkerCgroup create(String name, double cpus, double memoryMB) throws IOException {
        Path dir = parent.resolve(name);
        Worker worker = new Worker(dir);
        try {
            CgroupFiles.mkdirs(dir);
            CgroupFiles.write(dir.resolve("cpu.max"), CgroupV1.quotaMicros(cpus) + " " + CgroupV1.PERIOD_US);
            CgroupFiles.write(dir.resolve("memory.max"), Long.toString(CgroupV1.bytes(memoryMB)));
            if (dir.resolve("memory.swap.max").toFile().exists()) {
                CgroupFiles.write(dir.resolve("memory.swap.max"), "0");
            }
        } catch (IOException e) {
            worker.remove();
            throw e;
        }
        return worker;
    }

    @Override
    public void close() {
        Cgroups.removeParents(createdParents);
    }

    private record Worker(Path dir) implements WorkerCgroup {

        @Override
        public List<String> wrap(List<String> command) {
            return CgroupFiles.joinThenExec(List.of(dir.resolve("cgroup.procs")), command);
        }

        @Override
        public boolean oomKilled(int exitCode) {
            return CgroupFiles.keyed(dir.resolve("memory.events"), "oom_kill").orElse(0L) > 0;
        }

        @Override
        public List<Path> directories() {
            return List.of(dir);
        }

        @Override
        public void remove() {
            CgroupFiles.rmdir(dir);
        }
    }
}
