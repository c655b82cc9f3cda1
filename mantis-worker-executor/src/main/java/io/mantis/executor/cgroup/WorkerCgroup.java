package io.mantis.executor.cgroup;

import java.util.List;

/** One worker's cgroup (one directory per hierarchy under cgroup v1, one under v2, none without isolation). */
public interface WorkerCgroup {

    /**
     * {@code command} wrapped so the process enters this cgroup before it runs: a shell writes its own pid into
     * every {@code cgroup.procs} file and then {@code exec}s the command, so the JVM is limited from its first
     * allocation. The paths go in as arguments, never spliced into the script, so no quoting can break.
     * Exit code 125 means the shell could not join the cgroup (its message is on standard error).
     */
    List<String> wrap(List<String> command);

    /**
     * Whether the kernel's OOM killer ended a process of this cgroup. Read before {@link #remove()}.
     *
     * @param exitCode the worker's exit code (137 is death by SIGKILL)
     */
    boolean oomKilled(int exitCode);

    /** The cgroup's directories (one per hierarchy); empty without isolation. */
    List<java.nio.file.Path> directories();

    /** Removes the cgroup directories, retrying briefly while exiting tasks linger. Never throws. */
    void remove();

    /** The exit code of {@link #wrap}'s shell when it cannot join the cgroup. */
    int JOIN_FAILED = 125;

    /** No cgroup: commands run as they are. */
    WorkerCgroup NONE = new WorkerCgroup() {
        @Override
        public List<String> wrap(List<String> command) {
            return List.copyOf(command);
        }

        @Override
        public boolean oomKilled(int exitCode) {
            return false;
        }

        @Override
        public List<java.nio.file.Path> directories() {
            return List.of();
        }

        @Override
        public void remove() {
        }
    };
}
